import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret kept in a file readable by its owner only: read it, or create it (random, mode 0600) when `create`
 * and the file does not exist yet; whichever process comes first writes it, the others read that one.
 */
export const secretFile = (file: string, { create, minBytes }: { create: boolean; minBytes: number }): string => {
  if (create) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} must be readable by its owner only (chmod 600 ${file})`);
  const secret = readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(secret) < minBytes) throw new Error(`${file} holds fewer than ${minBytes} bytes: delete it to make a new one`);
  return secret;
};
