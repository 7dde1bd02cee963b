import type { RecordedEvent } from '@cocrea/event-store';
import type { ReadModelWriter } from './read-models';

/**
 * Folds events of the global log into read models. `apply` must be deterministic: the same events in
 * the same order give the same documents, so that any read model can be rebuilt from position 0.
 */
export interface Projection {
  readonly name: string;
  apply(event: RecordedEvent, models: ReadModelWriter): void;
  /** The fields `find` filters the documents of this projection's collections on, each served by an index. */
  readonly indexes?: readonly DocumentIndex[];
}

/** Top-level fields of one collection's documents that `find` filters on together; an index serves them. */
export interface DocumentIndex {
  collection: string;
  fields: readonly string[];
}

/** What a read-model document keeps of the last event that changed it: when, and where in its stream and the log. */
export const touchedBy = (recorded: RecordedEvent) => ({
  updatedAt: recorded.recordedAt,
  revision: recorded.revision,
  position: recorded.position,
});

const DASH = '-'.charCodeAt(0);

/**
 * Whether an event was recorded in a stream `<category>-<id>` of one of these categories. The global log holds
 * every context's streams: each projection folds only its own.
 */
export const isOfCategory = (recorded: RecordedEvent, ...categories: readonly string[]): boolean => {
  // Every projection asks this of every event: compared in place, without building `<category>-`.
  const { streamId } = recorded;
  for (const category of categories) {
    if (streamId.charCodeAt(category.length) === DASH && streamId.startsWith(category)) return true;
  }
  return false;
};
