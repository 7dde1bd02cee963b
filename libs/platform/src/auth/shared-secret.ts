import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_SECRET_BYTES } from '../config';

/** Where a server without configured identity keeps the HS256 secret it created. */
export const SECRET_FILE = 'auth-secret';

/**
 * The HS256 secret of a server without configured identity: read from `<dataDir>/auth-secret`, or created
 * there (random, mode 0600) by whichever comes first, the server's start or `npm run token`.
 */
export const secretIn = (dataDir: string): string => {
  const file = join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} must be readable by its owner only (chmod 600 ${file})`);
  const secret = readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES)
    throw new Error(`${file} holds fewer than ${MIN_SECRET_BYTES} bytes: delete it to make a new one`);
  return secret;
};

/**
 * An HS256 token, as `npm run token` and the tests make them. Signing is the simple half; tokens are checked
 * by jose (see token-verifier.ts), which also refuses whatever this would never produce.
 */
export const signJwt = (claims: Record<string, unknown>, secret: string, expiresInSeconds = 12 * 3600): string => {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat: now, exp: now + expiresInSeconds, ...claims })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};
