import type { RecordedEvent } from '@cocrea/event-store';
import type { Text } from '@cocrea/platform/i18n/text';

/** Positions of a room's events read per page of catch-up. */
export const CATCH_UP_PAGE = 500;

/** Where a catch-up reads a room's past: the positions the live feed filed for the room, and the log at those positions. */
export interface RoomHistory {
  /** Positions filed under the room with `after < position <= upTo`, in order, at most `limit`. */
  readFeed(room: string, after: number, upTo: number, limit: number): number[];
  readEventsAt(positions: readonly number[]): Promise<RecordedEvent[]>;
}

/** The client end of a subscription: a socket in the gateway, a fake in tests. */
export interface Subscriber {
  readonly connected: boolean;
  /** Sends one event of the room, caught up or held while catching up. */
  send(event: RecordedEvent): void;
  /** Resolves once the client's queue has room for another page; throws QueueOverflow when it does not drain in time. */
  roomInQueue(): Promise<void>;
  /** From here on the room's live events reach the client another way (socket.io's room): called in the step that drains. */
  join(): void;
}

/** A client that does not read what it was sent: it is disconnected, and comes back with `after`. */
export class QueueOverflow extends Error {
  constructor(readonly text: Text) {
    super(String(text));
  }
}

/**
 * One client's subscription to one room. Its catch-up replays the room's events after `after` up to `upTo`,
 * the position the read models had reached when it subscribed, while newer live events of the room wait in
 * its buffer (`hold`); then the buffer is drained and the client joins the room in one synchronous step: no
 * gap, no duplicate.
 */
export class RoomSubscription<S extends Subscriber = Subscriber> {
  catchingUp = true;
  cancelled = false;
  /** The section the client said it edits before its catch-up ended, shown once it joins. */
  editing?: string;
  private buffer: RecordedEvent[] = [];

  constructor(
    readonly room: string,
    readonly after: number,
    readonly upTo: number,
    readonly subscriber: S,
    /** Live events held while catching up beyond which the subscription overflows. */
    private readonly maxBuffer: number,
  ) {}

  /** Holds a live event of the room until the catch-up ends; false once more than `maxBuffer` are held. */
  hold(event: RecordedEvent): boolean {
    this.buffer.push(event);
    return this.buffer.length <= this.maxBuffer;
  }

  cancel(): void {
    this.cancelled = true;
    this.buffer = [];
  }

  async catchUp(history: RoomHistory): Promise<void> {
    let cursor = this.after;
    while (cursor < this.upTo) {
      await this.subscriber.roomInQueue();
      if (this.gone) return;
      const positions = history.readFeed(this.room, cursor, this.upTo, CATCH_UP_PAGE);
      if (positions.length === 0) break;
      const events = await history.readEventsAt(positions);
      if (this.gone) return;
      for (const event of events) this.subscriber.send(event);
      cursor = positions[positions.length - 1];
    }
    if (this.gone) return;
    // Drain and join in one step: from the join on, socket.io's room delivers the live events.
    for (const event of this.buffer) if (event.position > this.upTo) this.subscriber.send(event);
    this.buffer = [];
    this.catchingUp = false;
    this.subscriber.join();
  }

  private get gone(): boolean {
    return this.cancelled || !this.subscriber.connected;
  }
}
