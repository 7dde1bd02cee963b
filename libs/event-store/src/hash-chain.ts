import { createHash } from 'node:crypto';
import type { RecordedEvent } from './event-store';

/** The hash that precedes the first event of the log. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no whitespace, so that anyone can recompute a hash
 * from an exported event with a few lines of code in any language.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
};

export type HashedContent = Omit<RecordedEvent, 'hash'>;

/** SHA-256 hex of `previousHash` followed by the canonical JSON of every field of the event but its hash. */
export const hashEvent = (event: HashedContent, previousHash: string): string =>
  createHash('sha256')
    .update(previousHash)
    .update(
      canonicalJson({
        position: event.position,
        id: event.id,
        streamId: event.streamId,
        revision: event.revision,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt,
      }),
    )
    .digest('hex');

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBadPosition?: number;
  lastHash: string;
}

/** Checks events in position order against the chain, starting from `previousHash`. */
export const verifyChain = (events: Iterable<RecordedEvent>, previousHash = GENESIS_HASH, previousPosition = 0): ChainVerification => {
  let checked = 0;
  let last = previousHash;
  let lastPosition = previousPosition;
  for (const event of events) {
    if (event.position <= lastPosition || event.hash !== hashEvent(event, last)) {
      return { ok: false, checked, firstBadPosition: event.position, lastHash: last };
    }
    last = event.hash;
    lastPosition = event.position;
    checked++;
  }
  return { ok: true, checked, lastHash: last };
};
