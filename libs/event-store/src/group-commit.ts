import type { AppendOptions, AppendResult, NewEvent } from './event-store';

/** An append waiting for the next group commit. */
export interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  options: AppendOptions;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** What the group commit decided for one append: its result, or why it was refused. */
export type AppendOutcome = { result: AppendResult; appended: boolean } | { error: unknown };

/** Told of every committed batch: how many appends it answered and how many events it recorded. */
export type CommitObserver = (commit: { appends: number; events: number }) => void;

/**
 * Answers every append of a committed batch with its own outcome; returns whether anything was appended,
 * so that the adapter wakes its subscriptions only then.
 */
export const settleBatch = (batch: PendingAppend[], outcomes: AppendOutcome[], observer?: CommitObserver): boolean => {
  let events = 0;
  batch.forEach((pending, i) => {
    const outcome = outcomes[i];
    if ('error' in outcome) return pending.reject(outcome.error);
    if (outcome.appended) events += pending.events.length;
    pending.resolve(outcome.result);
  });
  observer?.({ appends: batch.length, events });
  return events > 0;
};
