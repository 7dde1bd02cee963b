import { GENESIS_HASH, verifyChain } from '@cocrea/event-store/hash-chain';
import type { RecordedEvent } from '@cocrea/event-store/event-store';

/** A point of the hash chain: the event at `position` has `hash`. */
export interface ChainLink {
  position: number;
  hash: string;
}

/** What precedes the first event of every log. */
export const GENESIS: ChainLink = { position: 0, hash: GENESIS_HASH };

export interface CheckpointCheck extends ChainLink {
  /** The log still holds this hash at this position, and every event up to it verified. */
  extended: boolean;
  reason?: string;
}

export interface LogVerification {
  ok: boolean;
  /** Events whose hash was recomputed and matched, in order, before the first bad one. */
  checked: number;
  firstBadPosition?: number;
  /** Why the event at `firstBadPosition` does not belong to the chain. */
  reason?: string;
  /** The last event that verified (`from` when none did). */
  last: ChainLink;
  checkpoint?: CheckpointCheck;
}

export interface VerifyLogOptions {
  /** Where the chain stands before the first event given (default: the genesis, before position 1). */
  from?: ChainLink;
  /** An earlier head that the log must still hold: proves that today's log extends it. */
  checkpoint?: ChainLink;
}

const linkOf = (event: RecordedEvent): ChainLink => ({ position: event.position, hash: event.hash });

const whyBroken = (bad: RecordedEvent, last: ChainLink): string => {
  if (bad.position <= last.position) {
    return `position ${bad.position} comes after position ${last.position}: an event is out of order or repeated`;
  }
  const jump =
    bad.position === last.position + 1
      ? ''
      : `; positions jump from ${last.position} to ${bad.position}: an event is missing or out of order`;
  return `its hash does not follow from the event before it${jump}`;
};

/** Decides a checkpoint once the verified events reach or pass its position. */
const checkpointAgainst = (checkpoint: ChainLink, event: ChainLink): CheckpointCheck | undefined => {
  if (event.position < checkpoint.position) return undefined;
  if (event.position > checkpoint.position) {
    return { ...checkpoint, extended: false, reason: `the log holds no event at position ${checkpoint.position}` };
  }
  if (event.hash === checkpoint.hash) return { ...checkpoint, extended: true };
  return {
    ...checkpoint,
    extended: false,
    reason: `the event at position ${checkpoint.position} has hash ${event.hash}: the log was rewritten at or before it`,
  };
};

/**
 * Recomputes the hash chain page by page, so that a log of millions of events is verified in constant
 * memory. Stops at the first event that does not belong to the chain.
 */
export const verifyLog = async (
  pages: AsyncIterable<readonly RecordedEvent[]>,
  options: VerifyLogOptions = {},
): Promise<LogVerification> => {
  let last = options.from ?? GENESIS;
  let checked = 0;
  let checkpoint = options.checkpoint && checkpointAgainst(options.checkpoint, last);
  const finish = (bad?: RecordedEvent): LogVerification => {
    if (options.checkpoint && !checkpoint) {
      const reason = bad
        ? `the chain breaks at position ${bad.position}, before the checkpoint`
        : `the log ends at position ${last.position}, before the checkpoint`;
      checkpoint = { ...options.checkpoint, extended: false, reason };
    }
    return {
      ok: !bad && (checkpoint?.extended ?? true),
      checked,
      ...(bad ? { firstBadPosition: bad.position, reason: whyBroken(bad, last) } : {}),
      last,
      ...(checkpoint ? { checkpoint } : {}),
    };
  };
  for await (const page of pages) {
    const result = verifyChain(page, last.hash, last.position);
    const verified = result.ok ? page : page.slice(0, result.checked);
    for (const event of verified) {
      if (options.checkpoint && !checkpoint) checkpoint = checkpointAgainst(options.checkpoint, event);
    }
    checked += result.checked;
    if (verified.length > 0) last = linkOf(verified[verified.length - 1]);
    if (!result.ok) return finish(page[result.checked]);
  }
  return finish();
};
