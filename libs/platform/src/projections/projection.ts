import type { RecordedEvent } from '@cocrea/event-store';
import type { Event } from '../domain/decider';
import type { DocumentIndex, ReadModelWriter } from './read-models/read-models';

export type { DocumentIndex } from './read-models/read-models';

/**
 * Folds events of the global log into read models. `apply` must be deterministic: the same events in
 * the same order give the same documents, so that any read model can be rebuilt from position 0.
 */
export interface Projection {
  readonly name: string;
  /**
   * The categories of the streams (`<category>-<id>`) whose events it applies; absent: every event. It is given
   * no other event (`handles`), so each event costs only the projections that want it.
   */
  readonly categories?: readonly string[];
  apply(event: RecordedEvent, models: ReadModelWriter): void;
  /** The fields `find` filters the documents of this projection's collections on, each served by an index. */
  readonly indexes?: readonly DocumentIndex[];
}

/** A domain event as the log recorded it: its type and data, with where, when and by whom. */
export type Recorded<E extends Event> = E & Omit<RecordedEvent, 'type' | 'data'>;

/**
 * A projection of the events of a feature's stream categories, typed by them: `apply` gets `E` (narrowed by its
 * `type`), not an event to cast. The runner gives it only events of `categories`, which only `E` are written to.
 */
export const projection = <E extends Event>(definition: {
  readonly name: string;
  readonly categories: readonly string[];
  readonly indexes?: readonly DocumentIndex[];
  apply(event: Recorded<E>, models: ReadModelWriter): void;
}): Projection => definition as unknown as Projection;

/** What a read-model document keeps of the last event that changed it: when, and where in its stream and the log. */
export const touchedBy = (recorded: RecordedEvent) => ({
  updatedAt: recorded.recordedAt,
  revision: recorded.revision,
  position: recorded.position,
});

/**
 * The feed of the events of other streams that mention a stream (a meeting's agreement that names a proposal): the
 * feature that records the mention files it there, and the mentioned stream's history reads it, without knowing the
 * mentioning feature.
 */
export const mentionsOf = (streamId: string): string => `mentions:${streamId}`;

/** The category of a stream `<category>-<id>`. */
export const categoryOf = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
};

/** Whether a projection applies events of this stream category. */
export const handlesCategory = (projection: Pick<Projection, 'categories'>, category: string): boolean =>
  projection.categories === undefined || projection.categories.includes(category);

/** Whether a projection applies this event: what the runner and every fold of events ask before `apply`. */
export const handles = (projection: Pick<Projection, 'categories'>, event: RecordedEvent): boolean =>
  handlesCategory(projection, categoryOf(event.streamId));
