import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig, Identity } from '../config';
import { type Actor, InvalidTokenError, ROLES, type Role } from './actor';
import { SECRET_FILE, secretIn } from './shared-secret';
import { type Text, t } from '../i18n/text';

/** Turns a bearer token into the actor it names, or throws InvalidTokenError (401) or IdentityUnavailable (503). */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** The identity provider could not be asked (discovery or its keys): not the token's fault. */
export class IdentityUnavailable extends Error {
  constructor(readonly text: Text) {
    super(String(text));
  }
}

/** Larger than any token a provider issues; anything longer is refused before it is parsed. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
/** Clocks of the provider and this server may disagree by this much on `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 30;
const SHARED_SECRET_ALGORITHMS = ['HS256'];
const PROVIDER_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A JWT in compact form with canonical base64url parts: no padding, no `+/`, no stray bits. */
const checkShape = (token: string): void => {
  if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError(t`token is longer than ${MAX_TOKEN_LENGTH} characters`);
  if (!COMPACT_JWS.test(token)) throw new InvalidTokenError(t`token is not a JWT (three base64url parts separated by dots)`);
  for (const part of token.split('.')) {
    if (Buffer.from(part, 'base64url').toString('base64url') !== part)
      throw new InvalidTokenError(t`token is not a JWT (a part is not canonical base64url)`);
  }
};

const claimAt = (payload: JWTPayload, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      payload,
    );

const actorOf = (payload: JWTPayload, rolesClaim: string, nameClaim: string): Actor => {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError(t`token has no sub claim`);
  const rawRoles = claimAt(payload, rolesClaim);
  const roles = (Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(/[\s,]+/) : []).filter(
    (role): role is Role => ROLES.includes(role as Role),
  );
  const name = [claimAt(payload, nameClaim), payload.preferred_username].find((n): n is string => typeof n === 'string' && n.length > 0);
  return { id: payload.sub, name: name ?? payload.sub, roles: [...new Set(roles)] };
};

/** jose's reasons, as a 401 says them. */
const refusal = (error: unknown, algorithms: string[]): Error => {
  if (error instanceof errors.JWTExpired) return new InvalidTokenError(t`token has expired`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidTokenError(
      error.reason === 'missing'
        ? t`token has no ${error.claim} claim`
        : t`token's ${error.claim} claim is not acceptable (${error.message})`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidTokenError(t`token must be signed with ${algorithms.join(', ')}`);
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError(t`token signature is invalid`);
  if (error instanceof errors.JWKSNoMatchingKey)
    return new InvalidTokenError(t`token is signed with a key the identity provider does not publish`);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new IdentityUnavailable(t`the identity provider's keys could not be read: ${error.message}`);
  }
  if (error instanceof errors.JOSEError) return new InvalidTokenError(t`token is not valid: ${error.message}`);
  if (error instanceof InvalidTokenError || error instanceof IdentityUnavailable) return error;
  if (error instanceof TypeError) return new IdentityUnavailable(t`the identity provider could not be reached: ${error.message}`);
  return error as Error;
};

/** HS256 with a shared secret: development, tests, and deployments without an identity provider. */
export class SharedSecretVerifier implements TokenVerifier {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Actor> {
    checkShape(token);
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: SHARED_SECRET_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return actorOf(payload, 'roles', 'name');
    } catch (error) {
      throw refusal(error, SHARED_SECRET_ALGORITHMS);
    }
  }
}

interface Discovery {
  issuer: string;
  jwks_uri: string;
}

const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * Tokens from an OpenID provider: its discovery document names its keys (JWKS), which are fetched again
 * when a token names a `kid` not among them (a rotation), at most once per cooldown.
 */
export class OpenIdVerifier implements TokenVerifier {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(private readonly identity: Extract<Identity, { kind: 'openid' }>) {}

  async verify(token: string): Promise<Actor> {
    checkShape(token);
    try {
      const { payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.identity.issuer,
        audience: this.identity.audience,
        algorithms: PROVIDER_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return actorOf(payload, this.identity.rolesClaim, this.identity.nameClaim);
    } catch (error) {
      throw refusal(error, PROVIDER_ALGORITHMS);
    }
  }

  /** Discovery happens on the first token and again after it failed (the provider may start after this server). */
  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().then((discovery) =>
      createRemoteJWKSet(new URL(discovery.jwks_uri), {
        cooldownDuration: this.identity.keysCooldownMs,
        timeoutDuration: DISCOVERY_TIMEOUT_MS,
      }),
    );
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  private async discover(): Promise<Discovery> {
    const url = `${this.identity.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), redirect: 'error' });
    } catch (error) {
      throw new IdentityUnavailable(t`the identity provider's discovery document ${url} could not be read: ${(error as Error).message}`);
    }
    if (!response.ok) throw new IdentityUnavailable(t`the identity provider's discovery document ${url} answered ${response.status}`);
    const discovery = (await response.json().catch(() => ({}))) as Partial<Discovery>;
    if (discovery.issuer !== this.identity.issuer) {
      throw new IdentityUnavailable(
        t`the discovery document ${url} names the issuer ${String(discovery.issuer)}, not AUTH_ISSUER ${this.identity.issuer}`,
      );
    }
    if (typeof discovery.jwks_uri !== 'string') throw new IdentityUnavailable(t`the discovery document ${url} has no jwks_uri`);
    return discovery as Discovery;
  }
}

/** The verifier the configuration asks for; without configured identity, the secret in the data folder. */
export const tokenVerifierFor = (config: AppConfig): TokenVerifier => {
  const logger = new Logger('Identity');
  const { identity } = config;
  if (identity.kind === 'openid') {
    logger.log(`tokens from the OpenID provider ${identity.issuer} (audience ${identity.audience})`);
    return new OpenIdVerifier(identity);
  }
  if (identity.secret) return new SharedSecretVerifier(identity.secret);
  logger.log(`HS256 tokens signed with the secret in ${config.dataDir}/${SECRET_FILE} (npm run token signs with it)`);
  return new SharedSecretVerifier(secretIn(config.dataDir));
};
