import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@cocrea/event-store';
import type { Event } from '../domain/decider';
import { unanswered } from './query-error';
import { mentionsOf, type Recorded } from '../projections/projection';
import type { PastReader } from '../projections/as-of';
import { ProjectionRunner } from '../projections/projection-runner';
import { READ_MODELS, type ReadModelReader } from '../projections/read-models';
import { type Text, t } from '../i18n/text';

/** How long a read waits for the read models to reach a position (`?minPosition=`, a past state's feeds). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;
/** Feed positions read at a time. */
const FEED_PAGE = 10_000;

/**
 * What the features' queries read: the serving read models, the log itself (history, past states) and how far
 * the read models have got. Queries are functions of it, so they run the same behind HTTP, a socket or a test.
 */
@Injectable()
export class ReadSide implements PastReader {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(READ_MODELS) readonly models: ReadModelReader,
    private readonly projections: ProjectionRunner,
  ) {}

  /** The position the read models have applied. */
  get position(): number {
    return this.projections.position;
  }

  /** Resolves true once the read models have applied `position`, false after the timeout. */
  reached(position: number, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
    return this.projections.waitFor(position, timeoutMs);
  }

  /**
   * A stream's events, up to a position if given, typed as the events of its category: a stream holds only the
   * events its feature's decider wrote (`<category>-<id>` names the writer).
   */
  async events<E extends Event>(streamId: string, toPosition?: number): Promise<Array<Recorded<E>>> {
    return (await this.store.readStream(streamId, { toPosition })) as unknown as Array<Recorded<E>>;
  }

  /**
   * The events of other streams that mention this one (`mentionsOf`: a meeting's minutes naming a proposal), in log
   * order, as far as the read models have got.
   */
  async mentions(streamId: string): Promise<RecordedEvent[]> {
    const positions = (await this.feedUpTo(mentionsOf(streamId), this.position)) ?? [];
    return positions.length === 0 ? [] : this.store.readEventsAt(positions);
  }

  /** Every position of a feed up to `upTo`, once the read models hold all of them (they have reached `upTo`). */
  async feedUpTo(feed: string, upTo: number): Promise<number[] | undefined> {
    if (!(await this.reached(upTo))) return undefined;
    const positions: number[] = [];
    for (let after = 0; ;) {
      const page = this.models.readFeed(feed, after, upTo, FEED_PAGE);
      positions.push(...page);
      if (page.length < FEED_PAGE) return positions;
      after = page[page.length - 1];
    }
  }
}

/** The document read by id, or a `QueryError` naming what was not found (404 at the HTTP edge). */
export const found = <T>(document: T | undefined, entity: Text, id: string): T => {
  if (document === undefined) return unanswered('not-found', t`${entity} ${id} not found`);
  return document;
};
