import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { MIN_SECRET_BYTES } from '../config';
import { secretFile } from '../secret-file';

/** Where a server without configured identity keeps the HS256 secret it created. */
export const SECRET_FILE = 'auth-secret';

/**
 * The HS256 secret of a server without configured identity: read from `<dataDir>/auth-secret`, or created
 * there (random, mode 0600) by whichever comes first, the server's start or `npm run token`.
 */
export const secretIn = (dataDir: string): string => secretFile(join(dataDir, SECRET_FILE), { create: true, minBytes: MIN_SECRET_BYTES });

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
