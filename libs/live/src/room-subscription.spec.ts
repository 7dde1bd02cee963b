import { t } from '@cocrea/platform/i18n/text';
import type { RecordedEvent } from '@cocrea/event-store';
import { recorded } from '@cocrea/platform/live/testing';
import { CATCH_UP_PAGE, QueueOverflow, RoomHistory, RoomSubscription, Subscriber } from './room-subscription';

const ROOM = 'proposal:33333333-3333-4333-8333-333333333333';

/** A log of the room's events and its feed of positions, in memory; `gate` holds each read of the log until let go. */
const history = () => {
  const log: RecordedEvent[] = [];
  const reads: Array<{ after: number; upTo: number; limit: number }> = [];
  let gate: Promise<void> | undefined;
  const source: RoomHistory = {
    readFeed: (room, after, upTo, limit) => {
      reads.push({ after, upTo, limit });
      return log
        .filter((e) => room === ROOM && e.position > after && e.position <= upTo)
        .slice(0, limit)
        .map((e) => e.position);
    },
    readEventsAt: async (positions) => {
      await gate;
      return log.filter((e) => positions.includes(e.position));
    },
  };
  return {
    source,
    reads,
    /** Appends an event of the room to the log (and its feed), as the read models do. */
    append: (count = 1) =>
      Array.from(
        { length: count },
        () => log[log.push(recorded('proposal-33333333-3333-4333-8333-333333333333', 'ProposalSectionEdited')) - 1],
      ),
    hold: () => {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
  };
};

/** A client that records what reaches it: sent events, then 'joined'. */
class FakeSubscriber implements Subscriber {
  connected = true;
  readonly received: Array<number | 'joined'> = [];
  roomInQueue: () => Promise<void> = async () => {};
  send(event: RecordedEvent): void {
    this.received.push(event.position);
  }
  join(): void {
    this.received.push('joined');
  }
}

const positions = (events: RecordedEvent[]) => events.map((e) => e.position);
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RoomSubscription', () => {
  it('catches up the room after `after` up to `upTo` in pages, then joins', async () => {
    const { source, reads, append } = history();
    const before = append(1);
    const past = append(CATCH_UP_PAGE * 2 + 7);
    const client = new FakeSubscriber();
    const subscription = new RoomSubscription(ROOM, before[0].position, past.at(-1)!.position, client, 10);
    await subscription.catchUp(source);
    expect(client.received).toEqual([...positions(past), 'joined']);
    expect(reads.map((r) => r.limit)).toEqual([CATCH_UP_PAGE, CATCH_UP_PAGE, CATCH_UP_PAGE]);
    expect(subscription.catchingUp).toBe(false);
  });

  it('sends what arrived live while it caught up after the catch-up and before joining: no gap, no duplicate', async () => {
    const { source, append, hold } = history();
    const past = append(3);
    const client = new FakeSubscriber();
    const subscription = new RoomSubscription(ROOM, 0, past.at(-1)!.position, client, 10);
    const release = hold();
    const caughtUp = subscription.catchUp(source);
    // Live events of the room are held, those the catch-up reads as well as later ones (a batch that raced the subscribe).
    const live = append(2);
    for (const event of [past.at(-1)!, ...live]) expect(subscription.hold(event)).toBe(true);
    release();
    await caughtUp;
    expect(client.received).toEqual([...positions(past), ...positions(live), 'joined']);
  });

  it('joins at once with nothing to catch up', async () => {
    const { source, reads, append } = history();
    const past = append(2);
    const client = new FakeSubscriber();
    await new RoomSubscription(ROOM, past.at(-1)!.position, past.at(-1)!.position, client, 10).catchUp(source);
    expect(client.received).toEqual(['joined']);
    expect(reads).toEqual([]);
  });

  it('stops when cancelled or disconnected mid catch-up: nothing more is sent, it never joins', async () => {
    for (const stop of [(s: RoomSubscription) => s.cancel(), (_: RoomSubscription, client: FakeSubscriber) => (client.connected = false)]) {
      const { source, append, hold } = history();
      const past = append(CATCH_UP_PAGE + 1);
      const client = new FakeSubscriber();
      const subscription = new RoomSubscription(ROOM, 0, past.at(-1)!.position, client, 10);
      const release = hold();
      const caughtUp = subscription.catchUp(source);
      await flush();
      stop(subscription, client);
      release();
      await caughtUp;
      expect(client.received).toEqual([]);
    }
  });

  it('waits for room in the client’s queue before each page, and gives up when the client does not read', async () => {
    const { source, append } = history();
    const past = append(CATCH_UP_PAGE + 1);
    const client = new FakeSubscriber();
    let asked = 0;
    client.roomInQueue = async () => {
      if (++asked === 2) throw new QueueOverflow(t`the client did not read its 600 waiting messages in time`);
    };
    const subscription = new RoomSubscription(ROOM, 0, past.at(-1)!.position, client, 10);
    await expect(subscription.catchUp(source)).rejects.toThrow(QueueOverflow);
    expect(client.received).toEqual(positions(past.slice(0, CATCH_UP_PAGE)));
  });

  it('reports an overflow once more than its bound of live events wait', () => {
    const { append } = history();
    const subscription = new RoomSubscription(ROOM, 0, 0, new FakeSubscriber(), 2);
    expect(append(3).map((event) => subscription.hold(event))).toEqual([true, true, false]);
  });
});
