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

/**
 * A sealed value: committed to the chain by its digest, so that an export may withhold the value and still verify.
 * Stored (and in an auditor's export) with its salt; in a public export that withholds it, with its digest only.
 */
export type Seal = { salt: string } | { withheld: string };

/** Where an event keeps the seals of its sealed values: `metadata.$sealed = { "<path>": Seal }`. */
export const SEALS = '$sealed';

/** A path to a value of an event: `data.<key>[.<key>…]` or `metadata.<key>[.<key>…]`. */
const PATH = /^(data|metadata)(\.[A-Za-z0-9_]+)+$/;

export const sealsOf = (event: Pick<HashedContent, 'metadata'>): Record<string, Seal> | undefined =>
  (event.metadata as Record<string, unknown> | undefined)?.[SEALS] as Record<string, Seal> | undefined;

/** Metadata as shown outside the log and its exports: without the seals' salts. */
export const withoutSeals = <M extends object>(metadata: M): M => {
  if (!(SEALS in metadata)) return metadata;
  const { [SEALS]: _, ...rest } = metadata as Record<string, unknown>;
  return rest as M;
};

export const valueAt = (event: Pick<HashedContent, 'data' | 'metadata'>, path: string): unknown =>
  path
    .split('.')
    .slice(1)
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      path.startsWith('data.') ? event.data : event.metadata,
    );

/** SHA-256 hex of the salt's bytes (from hex) followed by the canonical JSON of the value. */
export const sealDigest = (salt: string, value: unknown): string =>
  createHash('sha256')
    .update(Buffer.from(salt, 'hex'))
    .update(canonicalJson(value ?? null))
    .digest('hex');

/** The event with the value at `path` replaced (the rest shared, nothing changed in place). */
export const withValueAt = <E extends Pick<HashedContent, 'data' | 'metadata'>>(event: E, path: string, value: unknown): E => {
  const [root, ...keys] = path.split('.');
  return { ...event, [root]: withValue(root === 'data' ? event.data : event.metadata, keys, value) };
};

const withValue = (root: unknown, keys: string[], value: unknown): unknown => {
  if (keys.length === 0) return value;
  const node = root !== null && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>) : {};
  return { ...node, [keys[0]]: withValue(node[keys[0]], keys.slice(1), value) };
};

export class SealError extends Error {}

/**
 * What the chain commits to: every field of the event but its hash; an event with sealed values commits to each
 * one's digest in its place, to the list of sealed paths (`sealed`), and to its metadata without the seals.
 * An event without seals is committed exactly as before seals existed, so older logs verify unchanged.
 */
export const committedContent = (event: HashedContent): Record<string, unknown> => {
  const base = {
    position: event.position,
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
  const seals = sealsOf(event);
  if (seals === undefined) return base;
  const { [SEALS]: _, ...metadata } = event.metadata as Record<string, unknown>;
  let parts: Record<string, unknown> = { data: event.data, metadata };
  const paths = Object.keys(seals).sort();
  for (const path of paths) {
    if (!PATH.test(path)) throw new SealError(`sealed path ${JSON.stringify(path)} is not data.<key>… or metadata.<key>…`);
    const seal = seals[path];
    let digest: string;
    if (seal !== null && typeof seal === 'object' && 'salt' in seal && typeof seal.salt === 'string') {
      digest = sealDigest(seal.salt, valueAt(event, path));
    } else if (seal !== null && typeof seal === 'object' && 'withheld' in seal && typeof seal.withheld === 'string') {
      if (valueAt(event, path) !== null) throw new SealError(`${path} is withheld, so its value must be null`);
      digest = seal.withheld;
    } else {
      throw new SealError(`the seal of ${path} must be { salt } or { withheld }`);
    }
    const [root, ...keys] = path.split('.');
    parts = { ...parts, [root]: withValue(parts[root], keys, digest) };
  }
  return { ...base, ...parts, sealed: paths };
};

/** SHA-256 hex of `previousHash` followed by the canonical JSON of what the event commits to (committedContent). */
export const hashEvent = (event: HashedContent, previousHash: string): string =>
  createHash('sha256')
    .update(previousHash)
    .update(canonicalJson(committedContent(event)))
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
    let hash: string | undefined;
    try {
      hash = hashEvent(event, last);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
    }
    if (event.position <= lastPosition || event.hash !== hash) {
      return { ok: false, checked, firstBadPosition: event.position, lastHash: last };
    }
    last = event.hash;
    lastPosition = event.position;
    checked++;
  }
  return { ok: true, checked, lastHash: last };
};
