import { createHmac, timingSafeEqual } from 'node:crypto';

export const ROLES = ['admin', 'moderator', 'member', 'participant', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The person behind a request, from the token's `sub`, `name` and `roles` claims. */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export const signJwt = (claims: Record<string, unknown>, secret: string, expiresInSeconds = 12 * 3600): string => {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iat: now, exp: now + expiresInSeconds, ...claims }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
};

export class InvalidTokenError extends Error {}

/** Verifies an HS256 JWT and returns the actor it names; throws InvalidTokenError saying why not. */
export const verifyJwt = (token: string, secret: string, nowSeconds = Date.now() / 1000): Actor => {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('token is not a JWT');
  const [header, payload, signature] = parts;
  let headerJson: { alg?: string };
  let claims: { sub?: unknown; name?: unknown; roles?: unknown; exp?: unknown; nbf?: unknown };
  try {
    headerJson = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('token is not a JWT');
  }
  if (headerJson.alg !== 'HS256') throw new InvalidTokenError('token must be signed with HS256');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('token signature is invalid');
  }
  if (typeof claims.exp === 'number' && claims.exp < nowSeconds) throw new InvalidTokenError('token has expired');
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) throw new InvalidTokenError('token is not yet valid');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new InvalidTokenError('token has no sub claim');
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  return { id: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub, roles };
};

export const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean => actor.roles.some((r) => roles.includes(r));

/** Moderators and admins oversee every context: one check wherever a rule or a view depends on it. */
export const isModerator = (actor: { readonly roles: readonly string[] }): boolean =>
  actor.roles.some((role) => role === 'moderator' || role === 'admin');
