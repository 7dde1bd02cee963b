import type { RecordedEvent } from '@cocrea/event-store';
import { EventKey, LiveClient, disorder, logOf, liveClients } from '../support/live-client';
import { TestApp, people } from '../support/app-harness';
import { Scenario, WorkingGroup } from '../support/scenario';

/**
 * Delivery guarantees of `/live` with real sockets: every subscriber of a room gets the room's events of the
 * log, in position order, with no gap and no duplicate — across concurrent appends, a catch-up racing a burst,
 * a dropped connection and a server restart.
 */
describe('live delivery: complete, ordered, no gap, no duplicate', () => {
  let app: TestApp;
  let scenario: Scenario;
  let group: WorkingGroup;
  const { clients, connect: connectAs, closeAll } = liveClients(() => app.url);
  const connect = (token: string = people.beto) => connectAs(token);

  /** The test's own rule for a proposal room: the proposal's stream and the streams of comments on it. */
  const proposalRoomLog = async (proposalId: string): Promise<EventKey[]> => {
    const events = await app.events();
    const comments = new Set(
      events
        .filter((e) => e.type === 'CommentPosted' && (e.data as any).targetType === 'proposal' && (e.data as any).targetId === proposalId)
        .map((e) => e.streamId),
    );
    return logOf(events, (e: RecordedEvent) => e.streamId === `proposal-${proposalId}` || comments.has(e.streamId));
  };

  /** Runs `count` commands with at most `concurrency` in flight, like many people clicking at once. */
  const burst = async (count: number, concurrency: number, command: (i: number) => Promise<{ position: number }>) => {
    let next = 0;
    const positions: number[] = [];
    const worker = async () => {
      while (next < count) positions.push((await command(next++)).position);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return Math.max(...positions);
  };

  const comment = (proposalId: string, i: number) =>
    scenario.comment('proposal', proposalId, `comment ${i}`, { by: people.participant(i % 7) });

  let editCount = 0;
  /** A chain of edits (each text new, so each appends), each on the revision the previous one answered. */
  const edits = async (proposalId: string, count: number) => {
    let proposal = {
      id: proposalId,
      revision: (await app.get(`/api/proposals/${proposalId}`, people.ana)).body.revision as number,
      position: 0,
    };
    for (let i = 0; i < count; i++)
      proposal = await scenario.edit(proposal, { [['problem', 'objective', 'description'][i % 3]]: `edit ${editCount++}` });
    return proposal.position;
  };

  const expectExactly = (client: LiveClient, room: string, expected: EventKey[]) => {
    const received = client.sequence(room);
    expect(disorder(received.map((e) => e.position))).toEqual([]);
    expect(received).toEqual(expected);
  };

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    group = await scenario.workingGroup(await scenario.plan(), { members: { ana: 'member' } });
  });
  afterEach(closeAll);
  afterAll(() => app.stop());

  it('gives 50 clients of one room identical, complete sequences while commands keep appending', async () => {
    const proposalId = (await scenario.proposal(group)).id;
    const room = `proposal:${proposalId}`;
    await edits(proposalId, 3);
    const audience = await Promise.all(Array.from({ length: 50 }, () => connect(people.participant('watcher'))));

    // Subscriptions arrive while comments and edits are being appended.
    const production = Promise.all([burst(60, 6, (i) => comment(proposalId, i)), edits(proposalId, 15)]);
    const acks = await Promise.all(audience.map((client) => client.subscribe(room, 0)));
    expect(acks.every((ack) => ack.ok === true && Number.isInteger(ack.position))).toBe(true);
    const [lastComment, lastEdit] = await production;
    const last = Math.max(lastComment, lastEdit);

    await Promise.all(audience.map((client) => client.reached(last, room)));
    const expected = await proposalRoomLog(proposalId);
    expect(expected).toHaveLength(1 + 3 + 60 + 15);
    for (const client of audience) expectExactly(client, room, expected);
  });

  it('resumes a dropped client from the last position it saw: exactly the 100 missed events, then live ones', async () => {
    const proposalId = (await scenario.proposal(group)).id;
    const room = `proposal:${proposalId}`;
    await edits(proposalId, 4);
    const first = await connect();
    await first.subscribe(room, 0);
    await first.reached((await proposalRoomLog(proposalId)).at(-1)!.position, room);
    const seen = first.lastPosition(room);
    first.close();

    await burst(100, 10, (i) => comment(proposalId, i));
    const missed = (await proposalRoomLog(proposalId)).filter((e) => e.position > seen);
    expect(missed).toHaveLength(100);

    const again = await connect();
    expect(await again.subscribe(room, seen)).toEqual({ ok: true, position: expect.any(Number) });
    const live = await edits(proposalId, 3);
    await again.reached(live, room);
    const resumed = (await proposalRoomLog(proposalId)).filter((e) => e.position > seen);
    expect(resumed).toHaveLength(103);
    expectExactly(again, room, resumed);
    expect(again.sequence(room).slice(0, 100)).toEqual(missed);
  });

  it('catches up without gap or duplicate while a burst of 200 commands is appending to the room', async () => {
    const proposalId = (await scenario.proposal(group)).id;
    const room = `proposal:${proposalId}`;
    await burst(40, 8, (i) => comment(proposalId, i));

    // Subscribers join at different moments of the burst: each catch-up races the appends.
    let done = 0;
    const production = Promise.all([burst(170, 8, (i) => comment(proposalId, 1000 + i).finally(() => done++)), edits(proposalId, 30)]);
    const late: LiveClient[] = [];
    const acks: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const check = () => (done >= 10 + 25 * i ? resolve() : setTimeout(check, 2));
        check();
      });
      const client = await connect();
      const ack = await client.subscribe(room, 0);
      expect(ack).toEqual({ ok: true, position: expect.any(Number) });
      acks.push(ack.position);
      late.push(client);
    }
    const last = Math.max(...(await production));
    // The subscriptions really happened mid-burst: part of what each got was caught up, part live.
    expect(acks.every((position) => position < last)).toBe(true);

    const expected = await proposalRoomLog(proposalId);
    expect(expected).toHaveLength(1 + 40 + 170 + 30);
    expect(expected.at(-1)!.position).toBe(last);
    for (const client of late) {
      await client.reached(last, room);
      expectExactly(client, room, expected);
    }
  });

  it('resumes across a server restart: positions are durable', async () => {
    const proposalId = (await scenario.proposal(group)).id;
    const room = `proposal:${proposalId}`;
    await edits(proposalId, 3);
    const before = await connect();
    await before.subscribe(room, 0);
    await before.reached((await proposalRoomLog(proposalId)).at(-1)!.position, room);
    const seen = before.lastPosition(room);
    before.close();

    await burst(20, 5, (i) => comment(proposalId, i));
    await app.restart();
    await burst(10, 5, (i) => comment(proposalId, 100 + i));
    const missed = (await proposalRoomLog(proposalId)).filter((e) => e.position > seen);
    expect(missed).toHaveLength(30);

    const after = await connect();
    expect((await after.subscribe(room, seen)).ok).toBe(true);
    await after.reached(missed.at(-1)!.position, room);
    const live = await edits(proposalId, 2);
    await after.reached(live, room);
    expectExactly(
      after,
      room,
      (await proposalRoomLog(proposalId)).filter((e) => e.position > seen),
    );
  });
});
