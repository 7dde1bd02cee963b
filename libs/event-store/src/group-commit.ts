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

/**
 * Answers every append of a committed batch with its own outcome; returns whether anything was appended,
 * so that the adapter wakes its subscriptions only then.
 */
export const settleBatch = (batch: PendingAppend[], outcomes: AppendOutcome[]): boolean => {
  let appended = false;
  batch.forEach((pending, i) => {
    const outcome = outcomes[i];
    if ('error' in outcome) return pending.reject(outcome.error);
    appended ||= outcome.appended;
    pending.resolve(outcome.result);
  });
  return appended;
};
