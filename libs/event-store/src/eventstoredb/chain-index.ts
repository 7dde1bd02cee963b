import type { RecordedEvent } from '../event-store';
import { GENESIS_HASH, HashedContent, hashEvent } from '../hash-chain';

/** Where the hash chain stands just after the event at `position` (or at the log's start). */
export interface ChainPoint {
  position: number;
  hash: string;
  /** Events hashed since the last anchor: decides when the next anchor is kept. */
  sinceAnchor: number;
}

/**
 * EventStoreDB stores no hash, and cannot: the hash of an event chains to the one before it in $all,
 * which no writer knows while other nodes append concurrently. So the chain is computed on read, over
 * $all as it stands, the same on every node. This index remembers where the chain stood at some events
 * so that a read does not start hashing from the beginning of the log each time:
 *  - anchors, every `anchorEvery` events, for as far as the log has been hashed (a few kB per million events);
 *  - the hashes of the `recentLimit` events hashed last (what projections, commands and pages ask for).
 * Every point is reached by hashing every event from the log's start in order, so every point is exact.
 */
export class ChainIndex {
  private readonly anchors: ChainPoint[];
  private readonly recent = new Map<number, string>();
  private furthest: ChainPoint;
  private lastReached: ChainPoint;

  constructor(
    /** Position just before this log's first event (0, or where a log sharing the database begins). */
    readonly origin: number,
    private readonly anchorEvery = 1000,
    private readonly recentLimit = 100_000,
  ) {
    const start = { position: origin, hash: GENESIS_HASH, sinceAnchor: 0 };
    this.anchors = [start];
    this.furthest = start;
    this.lastReached = start;
  }

  /** The hash of the event at `position`, if remembered. */
  hashAt(position: number): string | undefined {
    return this.recent.get(position);
  }

  /** The closest point at or before `position` from which hashing forward reaches it. */
  pointAtOrBefore(position: number): ChainPoint {
    if (position <= this.origin) return this.anchors[0];
    const exact = this.recent.get(position);
    if (exact !== undefined) return { position, hash: exact, sinceAnchor: 0 };
    const candidates = [this.furthest, this.lastReached].filter((point) => point.position <= position);
    let low = 0;
    let high = this.anchors.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.anchors[middle].position <= position) low = middle;
      else high = middle - 1;
    }
    candidates.push(this.anchors[low]);
    return candidates.reduce((best, point) => (point.position > best.position ? point : best));
  }

  /** Hashes the event that follows `point` in the log, remembers it, and answers the point after it. */
  extend(point: ChainPoint, event: HashedContent): { recorded: RecordedEvent; point: ChainPoint } {
    if (event.position <= point.position) throw new Error(`event at position ${event.position} does not follow position ${point.position}`);
    const hash = hashEvent(event, point.hash);
    let next: ChainPoint = { position: event.position, hash, sinceAnchor: point.sinceAnchor + 1 };
    if (next.sinceAnchor >= this.anchorEvery) {
      next = { ...next, sinceAnchor: 0 };
      this.keepAnchor(next);
    }
    this.remember(event.position, hash);
    if (next.position > this.furthest.position) this.furthest = next;
    this.lastReached = next;
    return { recorded: { ...event, hash }, point: next };
  }

  /** How many anchors are kept (for tests and metrics). */
  get anchorCount(): number {
    return this.anchors.length;
  }

  private keepAnchor(anchor: ChainPoint): void {
    let index = this.anchors.length;
    while (index > 0 && this.anchors[index - 1].position > anchor.position) index--;
    if (this.anchors[index - 1]?.position === anchor.position) return;
    this.anchors.splice(index, 0, anchor);
  }

  private remember(position: number, hash: string): void {
    this.recent.delete(position);
    this.recent.set(position, hash);
    if (this.recent.size > this.recentLimit) this.recent.delete(this.recent.keys().next().value as number);
  }
}
