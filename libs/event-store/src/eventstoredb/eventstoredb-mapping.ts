import { createHash } from 'node:crypto';
import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import type { AppendExpectedRevision, CurrentRevision, Position } from '@eventstore/db-client';
import type { EventMetadata, ExpectedRevision } from '../event-store';

/*
 * Translations between the port's numbers and EventStoreDB's.
 *
 * Revisions: ours count events (empty stream 0, first event 1); EventStoreDB numbers events from 0 and
 * says NO_STREAM for an empty stream. So our revision n is EventStoreDB's n - 1, and our 0 is NO_STREAM.
 *
 * Positions: an event written through gRPC is its own implicit transaction, so its commit and prepare
 * positions are both its byte offset in the transaction log. That offset is our position: strictly
 * increasing along $all, but not dense (it grows by the size of each record) and it does not start at 1.
 * We take the prepare position because reads of a single stream report it as the event's own offset too.
 */

export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0)
        throw new RangeError(`expected revision must be a count of events, got ${expected}`);
      return expected === 0 ? NO_STREAM : BigInt(expected - 1);
  }
};

/** Our revision of an event that EventStoreDB numbers `revision`. */
export const revisionFromEsdb = (revision: bigint): number => Number(revision) + 1;

/** Our revision of a stream that EventStoreDB reports as `current` (in a wrong-expected-version error). */
export const currentRevisionFromEsdb = (current: CurrentRevision): number =>
  current === NO_STREAM || current < 0n ? 0 : revisionFromEsdb(current);

/** EventStoreDB's number for our revision `revision` (1 and below read from the first event). */
export const toEsdbRevision = (revision: number): bigint => BigInt(Math.max(revision, 1) - 1);

export const positionFromEsdb = (position: Position | undefined): number => {
  if (!position) throw new Error('EventStoreDB returned an event without its position: version 22.10 or later is needed');
  if (position.prepare > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`position ${position.prepare} exceeds 2^53`);
  return Number(position.prepare);
};

/** Only valid for positions of events written through gRPC, the only ones this adapter hands out. */
export const toEsdbPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

// The namespace of Cocrea's name-based event ids (RFC 9562, UUID version 5).
const EVENT_ID_NAMESPACE = Buffer.from('773e4a097b884ea787ebef03ce2c7f7a', 'hex');

/**
 * The id of the `index`-th event appended by a command: the same on every retry, so that EventStoreDB
 * recognises a retried append of events it already holds and does not write them twice.
 */
export const eventIdFor = (commandId: string, index: number): string => {
  const bytes = createHash('sha1').update(EVENT_ID_NAMESPACE).update(`${commandId}/${index}`).digest().subarray(0, 16);
  bytes[6] = 0x50 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Our metadata plus EventStoreDB's conventional `$correlationId` and `$causationId` (which its
 * `$by_correlation_id` projection and UI understand), and the `$commandId` that appended the event.
 * A command that does not say what it correlates with starts its own correlation.
 */
export const toEsdbMetadata = (metadata: EventMetadata, commandId: string | undefined): Record<string, unknown> => {
  const correlationId = metadata.correlationId ?? commandId;
  const causationId = metadata.causationId ?? commandId;
  return {
    ...metadata,
    ...(correlationId !== undefined && { $correlationId: correlationId }),
    ...(causationId !== undefined && { $causationId: causationId }),
    ...(commandId !== undefined && { $commandId: commandId }),
  };
};

/** Keys starting with `$` belong to EventStoreDB's conventions (see `toEsdbMetadata`), not to our metadata. */
export const fromEsdbMetadata = (metadata: unknown): EventMetadata => {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || metadata instanceof Uint8Array) return {};
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !key.startsWith('$')));
};

export const commandIdOf = (metadata: unknown): string | undefined =>
  metadata !== null && typeof metadata === 'object' && '$commandId' in metadata && typeof metadata.$commandId === 'string'
    ? metadata.$commandId
    : undefined;
