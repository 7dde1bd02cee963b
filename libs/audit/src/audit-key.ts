import { Logger } from '@nestjs/common';
import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@cocrea/platform';

export const AUDIT_KEY = Symbol('AUDIT_KEY');

/** Where the key pair is kept when production supplies none. */
export const AUDIT_KEY_FILE = 'audit-key.pem';

/** The key that signs checkpoints, and its public half as auditors fetch it. */
export interface AuditKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PEM, SubjectPublicKeyInfo. */
  publicKeyPem: string;
  /** The first 16 hex digits of the SHA-256 of the public key (DER, SubjectPublicKeyInfo): what checkpoints name it by. */
  keyId: string;
}

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

const auditKeyOf = (privateKey: KeyObject, file: string): AuditKey => {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${file} must hold an Ed25519 private key (PEM, PKCS#8), not ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
};

const readKeyFile = (file: string): AuditKey => {
  if ((statSync(file).mode & 0o077) !== 0) {
    new Logger('AuditKey').warn(`${file} is readable by other users: anyone who reads it can sign checkpoints (chmod 600)`);
  }
  return auditKeyOf(createPrivateKey(readFileSync(file, 'utf8')), file);
};

/** Writes the key under a temporary name and links it into place, so no reader ever sees half a key or a second key. */
const createKeyFile = (file: string): AuditKey | undefined => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const scratch = `${file}.${process.pid}.tmp`;
  rmSync(scratch, { force: true });
  const fd = openSync(scratch, 'wx', 0o600);
  try {
    writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    // Checkpoints signed with a key that a power loss then erases could never be checked again.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(scratch, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    unlinkSync(scratch);
  }
  return auditKeyOf(privateKey, file);
};

/**
 * The checkpoint signing key: the one production supplies (`AUDIT_PRIVATE_KEY_FILE`), or else the pair kept in
 * the data folder, created on first start. It must outlive restarts: auditors check old checkpoints against it.
 */
export const loadAuditKey = (config: Pick<AppConfig, 'dataDir' | 'auditPrivateKeyFile'>): AuditKey => {
  if (config.auditPrivateKeyFile) return readKeyFile(config.auditPrivateKeyFile);
  const file = join(config.dataDir, AUDIT_KEY_FILE);
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  // Another process created it first: use theirs.
  return createKeyFile(file) ?? readKeyFile(file);
};
