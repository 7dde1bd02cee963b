import { Logger } from '@nestjs/common';
import { StorageFullError, storageFailure, type EventStore, type RecordedEvent, type Subscription } from '@cocrea/event-store';
import { categoryOf, handlesCategory, type Projection } from './projection';
import type { ReadModelStore } from './read-models';

/** How soon projections try again after their storage was full. */
const STORAGE_RETRY_MS = 1000;

/**
 * Feeds the global log to every projection in position order. Each batch is applied in one read-model
 * transaction that also moves each projection's checkpoint, so a crash never applies an event twice nor
 * skips one: after a restart every projection resumes from its own checkpoint.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('Projections');
  private readonly projections: Projection[] = [];
  private subscription?: Subscription;
  private waiters: Array<{ position: number; resolve: (reached: boolean) => void }> = [];
  private applied = 0;
  private readonly listeners: Array<(events: RecordedEvent[]) => void> = [];
  private failure?: unknown;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
  ) {}

  register(projection: Projection): void {
    if (this.projections.some((p) => p.name === projection.name)) throw new Error(`projection ${projection.name} registered twice`);
    this.projections.push(projection);
    this.readModels.defineIndexes(projection.indexes ?? []);
  }

  /**
   * Called after each batch is committed to the read models, in log order: what the live gateway streams
   * from, so that it and the read models it reads never disagree.
   */
  onApplied(listener: (events: RecordedEvent[]) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** The position every projection has applied. */
  get position(): number {
    return this.applied;
  }

  /** Each projection's checkpoint, as the read models hold it. */
  checkpoints(): Array<{ projection: string; position: number }> {
    return this.projections.map((projection) => ({ projection: projection.name, position: this.readModels.checkpoint(projection.name) }));
  }

  get failed(): unknown {
    return this.failure;
  }

  /** The head of the log when the projections started: they are caught up once they have applied it. */
  startedBehind = 0;
  private headKnown = false;

  get caughtUp(): boolean {
    return this.headKnown && this.applied >= this.startedBehind;
  }

  start(): void {
    void this.store.headPosition().then(
      (head) => {
        this.startedBehind = Math.max(this.startedBehind, head);
        this.headKnown = true;
      },
      () => undefined,
    );
    const from = Math.min(...this.projections.map((p) => this.readModels.checkpoint(p.name)), Number.MAX_SAFE_INTEGER);
    this.applied = from === Number.MAX_SAFE_INTEGER ? 0 : from;
    this.subscription = this.store.subscribeToAll(
      this.applied,
      (events) => this.apply(events),
      (error) => {
        // A full disk is waited out: the batch rolled back with its checkpoints, and is applied again once there is room.
        if (storageFailure(error) instanceof StorageFullError) {
          this.logger.warn(`read models' storage is full at position ${this.applied}; retrying in ${STORAGE_RETRY_MS} ms`);
          this.retry = setTimeout(() => this.start(), STORAGE_RETRY_MS);
          return;
        }
        this.failure = error;
        this.logger.error(`projections stopped at position ${this.applied}: ${String((error as Error)?.stack ?? error)}`);
      },
    );
  }

  async stop(): Promise<void> {
    clearTimeout(this.retry);
    await this.subscription?.stop();
    this.subscription = undefined;
    this.waiters.forEach((w) => w.resolve(this.applied >= w.position));
    this.waiters = [];
  }

  /** Applies a batch of events from the log; events a projection already applied are skipped. */
  apply(events: RecordedEvent[]): void {
    if (events.length === 0) return;
    const categories = events.map((event) => categoryOf(event.streamId));
    this.readModels.transaction(() => {
      for (const projection of this.projections) {
        const checkpoint = this.readModels.checkpoint(projection.name);
        let last = checkpoint;
        for (let i = 0; i < events.length; i++) {
          const event = events[i];
          if (event.position <= checkpoint) continue;
          if (handlesCategory(projection, categories[i])) projection.apply(event, this.readModels);
          last = event.position;
        }
        if (last !== checkpoint) this.readModels.saveCheckpoint(projection.name, last);
      }
    });
    const fresh = events.filter((event) => event.position > this.applied);
    this.applied = Math.max(this.applied, events[events.length - 1].position);
    if (fresh.length > 0) {
      for (const listener of this.listeners) {
        try {
          listener(fresh);
        } catch (error) {
          this.logger.error(`a listener of applied events failed: ${String((error as Error)?.stack ?? error)}`);
        }
      }
    }
    if (this.waiters.length > 0) {
      const ready = this.waiters.filter((w) => w.position <= this.applied);
      this.waiters = this.waiters.filter((w) => w.position > this.applied);
      ready.forEach((w) => w.resolve(true));
    }
  }

  /** Resolves true once every projection has applied `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (position <= this.applied) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * Empties the read models and applies the log again from its start, in batches, up to `upTo` (default: its
   * end). Returns the events applied. Each batch is one transaction; the store reads the next batch while
   * this one is applied (`readAllPages`).
   */
  async rebuild(batchSize = 5000, upTo = Number.MAX_SAFE_INTEGER): Promise<number> {
    await this.stop();
    this.readModels.reset();
    this.applied = 0;
    let count = 0;
    for await (const events of this.store.readAllPages(0, batchSize)) {
      const wanted = events[events.length - 1].position > upTo ? events.filter((event) => event.position <= upTo) : events;
      if (wanted.length > 0) this.apply(wanted);
      count += wanted.length;
      if (wanted.length < events.length) break;
    }
    return count;
  }
}
