import { KeyObject, sign, verify } from 'node:crypto';
import type { ChainLink } from './chain-verification';
import { type Text, t } from '@cocrea/platform/i18n/text';

/** A head of the log signed by the server: whoever keeps it can later prove that the log still extends it. */
export interface SignedCheckpoint extends ChainLink {
  /** Ed25519 signature (base64) of `signedPayload`. */
  signature: string;
  /** When the server signed it. Not part of the signed payload. */
  at: string;
  /** Exactly the bytes signed (UTF-8): `"<position>:<hash>"`. */
  signedPayload: string;
  /** Which of the deployment's keys signed it (see `GET /api/audit/keys`). Not part of the signed payload. */
  keyId?: string;
}

/** A checkpoint as an auditor hands it back: a bare `position:hash`, or the JSON the server gave out. */
export type PresentedCheckpoint = ChainLink & Partial<Pick<SignedCheckpoint, 'signature' | 'signedPayload' | 'at' | 'keyId'>>;

export class CheckpointFormatError extends Error {
  constructor(readonly text: Text) {
    super(String(text));
  }
}

const HASH = /^[0-9a-f]{64}$/;

export const checkpointPayload = ({ position, hash }: ChainLink): string => `${position}:${hash}`;

export const signCheckpoint = (head: ChainLink, privateKey: KeyObject, at: Date, keyId?: string): SignedCheckpoint => {
  const signedPayload = checkpointPayload(head);
  return {
    position: head.position,
    hash: head.hash,
    signature: sign(null, Buffer.from(signedPayload, 'utf8'), privateKey).toString('base64'),
    at: at.toISOString(),
    signedPayload,
    ...(keyId === undefined ? {} : { keyId }),
  };
};

/**
 * True when the signature is the key's over `signedPayload` and `signedPayload` names this very position and
 * hash: a genuine signature stapled to another position or hash is a forgery too.
 */
export const checkpointSignatureValid = (checkpoint: PresentedCheckpoint, publicKey: KeyObject): boolean => {
  if (checkpoint.signature === undefined) return false;
  const signedPayload = checkpoint.signedPayload ?? checkpointPayload(checkpoint);
  if (signedPayload !== checkpointPayload(checkpoint)) return false;
  return verify(null, Buffer.from(signedPayload, 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
};

const link = (position: unknown, hash: unknown): ChainLink => {
  const at = typeof position === 'string' && /^\d+$/.test(position) ? Number(position) : position;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) {
    throw new CheckpointFormatError(t`position must be a non-negative integer, got ${JSON.stringify(position)}`);
  }
  if (typeof hash !== 'string' || !HASH.test(hash)) {
    throw new CheckpointFormatError(t`hash must be 64 lowercase hex digits, got ${JSON.stringify(hash)}`);
  }
  return { position: at, hash };
};

const optionalString = (value: unknown, name: string): string | undefined => {
  if (value === undefined || typeof value === 'string') return value;
  throw new CheckpointFormatError(t`${name} must be a string`);
};

/**
 * Whether one of the deployment's keys signed the checkpoint: the key it names, or, for a checkpoint that names
 * none (signed before checkpoints named their key), any of them.
 */
export const checkpointSignedBy = (checkpoint: PresentedCheckpoint, keys: ReadonlyMap<string, KeyObject>): boolean => {
  if (checkpoint.keyId !== undefined) {
    const key = keys.get(checkpoint.keyId);
    return key !== undefined && checkpointSignatureValid(checkpoint, key);
  }
  return [...keys.values()].some((key) => checkpointSignatureValid(checkpoint, key));
};

/** Reads `"<position>:<hash>"` or the JSON of `GET /api/audit/checkpoint`. */
export const parseCheckpoint = (text: string): PresentedCheckpoint => {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    const [position, hash, ...rest] = trimmed.split(':');
    if (rest.length > 0 || hash === undefined) throw new CheckpointFormatError(t`expected "<position>:<hash>" or a checkpoint's JSON`);
    return link(position, hash);
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new CheckpointFormatError(t`is not valid JSON`);
  }
  return {
    ...link(parsed.position, parsed.hash),
    signature: optionalString(parsed.signature, 'signature'),
    signedPayload: optionalString(parsed.signedPayload, 'signedPayload'),
    at: optionalString(parsed.at, 'at'),
    keyId: optionalString(parsed.keyId, 'keyId'),
  };
};
