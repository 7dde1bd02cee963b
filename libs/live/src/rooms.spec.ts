import type { LiveRooms } from '@cocrea/platform';
import { roomOfStream } from '@cocrea/platform/live/rooms';
import { recorded } from '@cocrea/platform/live/testing';
import { liveEvent, roomRegistry } from './rooms';

const PLAN = '11111111-1111-4111-8111-111111111111';
const PROPOSAL = '33333333-3333-4333-8333-333333333333';

/** Rooms as a feature declares them, each event in its own room; `thread` routes like a comment, by its first event. */
const ownRooms = (kind: string, category = kind): LiveRooms => ({
  kind,
  category,
  roomsOf: (event) => [roomOfStream(kind, event.streamId)],
});
const thread: LiveRooms<{ target: string }> = {
  category: 'thread',
  routeEstablishedBy: (event) => (event.type === 'ThreadStarted' ? { target: (event.data as { target: string }).target } : undefined),
  roomsOf: (_event, route) => [route?.target, ''],
};
const rooms = roomRegistry([
  ...['plan', 'working-group', 'proposal', 'consultation', 'commitment'].map((kind) => ownRooms(kind, kind.replace('-', ''))),
  thread,
]);

describe('parseRoom', () => {
  it('accepts each kind of room with a UUID, in any case', () => {
    for (const kind of ['plan', 'working-group', 'proposal', 'consultation', 'commitment'] as const) {
      expect(rooms.parseRoom(`${kind}:${PLAN}`)).toEqual({ room: `${kind}:${PLAN}`, kind, id: PLAN });
    }
    expect(rooms.parseRoom(`PROPOSAL:${PROPOSAL.toUpperCase()}`)).toEqual({ room: `proposal:${PROPOSAL}`, kind: 'proposal', id: PROPOSAL });
  });

  it('refuses anything else', () => {
    for (const room of [
      undefined,
      null,
      42,
      {},
      '',
      'plan',
      `plan:`,
      'plan:123',
      `session:${PLAN}`,
      `plan:${PLAN} `,
      ` plan:${PLAN}`,
      `plan:${PLAN}:x`,
      `ballot:${PLAN}`,
      `thread:${PLAN}`,
    ]) {
      expect(rooms.parseRoom(room)).toBeUndefined();
    }
  });
});

describe('roomRegistry', () => {
  it('knows the kinds of room in the features’ order, and the categories whose events go to rooms', () => {
    expect(rooms.kinds).toEqual(['plan', 'working-group', 'proposal', 'consultation', 'commitment']);
    expect(rooms.categories).toEqual(['plan', 'workinggroup', 'proposal', 'consultation', 'commitment', 'thread']);
  });

  it('routes an event by the rooms of its category, dropping the falsy and the empty, and an undeclared category nowhere', () => {
    const started = recorded(`thread-${PLAN}`, 'ThreadStarted', { target: `proposal:${PROPOSAL}` });
    expect(rooms.routeEstablishedBy(started)).toEqual({ target: `proposal:${PROPOSAL}` });
    expect(rooms.roomsOf(recorded(`thread-${PLAN}`, 'ThreadReplied'), { target: `proposal:${PROPOSAL}` })).toEqual([
      `proposal:${PROPOSAL}`,
    ]);
    expect(rooms.roomsOf(recorded(`thread-${PLAN}`, 'ThreadReplied'), undefined)).toEqual([]);
    expect(rooms.roomsOf(recorded(`plan-${PLAN}`, 'PlanCreated'), undefined)).toEqual([`plan:${PLAN}`]);
    expect(rooms.roomsOf(recorded(`ballot-${PLAN}.citizen-1`, 'VoteCast'), undefined)).toEqual([]);
    expect([`thread-${PLAN}`, `plan-${PLAN}`, `ballot-${PLAN}.citizen-1`].map(rooms.needsRoute)).toEqual([true, false, false]);
  });

  it('refuses two declarations of one kind of room or of one category', () => {
    expect(() => roomRegistry([ownRooms('plan'), ownRooms('plan', 'other')])).toThrow('plan rooms declared twice');
    expect(() => roomRegistry([thread, { ...thread }])).toThrow('rooms declared twice for the thread streams');
  });
});

describe('liveEvent', () => {
  it('shows a subscriber the event with its room, and without its hash', () => {
    const event = recorded(`plan-${PLAN}`, 'PlanCreated', { title: 'P' });
    const { hash: _, ...shown } = event;
    expect(liveEvent(`plan:${PLAN}`, event)).toEqual({ room: `plan:${PLAN}`, ...shown });
  });
});
