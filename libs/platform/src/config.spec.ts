import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, loadConfig } from './config';

describe('configuration', () => {
  const strong = 'x'.repeat(32);

  it('has no secret of its own: without identity, the server makes one in its data folder', () => {
    expect(loadConfig({}).identity).toEqual({ kind: 'secret' });
    expect(loadConfig({ AUTH_JWT_SECRET: '' }).identity).toEqual({ kind: 'secret' });
    expect(loadConfig({ AUTH_JWT_SECRET: strong }).identity).toEqual({ kind: 'secret', secret: strong });
  });

  it('refuses a secret shorter than 32 bytes, saying how to make one', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'a' })).toThrow(
      /AUTH_JWT_SECRET must be at least 32 bytes \(got 1\); make one with: openssl rand/,
    );
  });

  it('refuses to start in production without explicit identity', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /NODE_ENV=production needs an explicit identity: AUTH_ISSUER .* or AUTH_JWT_SECRET/,
    );
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: strong }).production).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_ISSUER: 'http://idp.example', AUTH_AUDIENCE: 'cocrea' })).toThrow(/https/);
  });

  it('reads an OpenID provider, with where its tokens keep roles and name', () => {
    expect(
      loadConfig({ AUTH_ISSUER: 'https://idp.example/realms/ogp', AUTH_AUDIENCE: 'cocrea-api', AUTH_ROLES_CLAIM: 'realm_access.roles' })
        .identity,
    ).toEqual({
      kind: 'openid',
      issuer: 'https://idp.example/realms/ogp',
      audience: 'cocrea-api',
      rolesClaim: 'realm_access.roles',
      nameClaim: 'name',
      webClientId: 'cocrea-web',
      keysCooldownMs: 30_000,
    });
    expect(() => loadConfig({ AUTH_ISSUER: 'https://idp.example' })).toThrow(/AUTH_AUDIENCE is required with AUTH_ISSUER/);
    expect(() => loadConfig({ AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'a', AUTH_JWT_SECRET: strong })).toThrow(/not both/);
    expect(() => loadConfig({ AUTH_ISSUER: 'idp', AUTH_AUDIENCE: 'a' })).toThrow(/issuer URL/);
  });

  it('reads limits, proxies and origins, refusing what would be unsafe or unreadable', () => {
    expect(loadConfig({}).limits).toEqual(DEFAULT_LIMITS);
    expect(loadConfig({ RATE_LIMIT_USER_WRITES: '5', RATE_LIMIT_WINDOW_SECONDS: '10' }).limits).toMatchObject({
      writesPerUser: 5,
      windowSeconds: 10,
    });
    expect(() => loadConfig({ RATE_LIMIT_USER_WRITES: '0' })).toThrow(/RATE_LIMIT_USER_WRITES must be a positive integer/);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/any client choose its address/);
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.org, http://localhost:5173' }).corsOrigins).toEqual([
      'https://app.example.org',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.org/path' })).toThrow(/CORS_ORIGINS must list origins/);
  });

  it('makes every node of a shared log use one audit key and one ballot key', () => {
    const postgres = { EVENT_STORE: 'postgres', POSTGRES_URL: 'postgres://127.0.0.1/cocrea' };
    expect(() => loadConfig(postgres)).toThrow(
      /with EVENT_STORE=postgres every node shares the log.*set AUDIT_PRIVATE_KEY_FILE and BALLOT_KEY_FILE .*npm run keys/,
    );
    expect(() => loadConfig({ ...postgres, AUDIT_PRIVATE_KEY_FILE: '/keys/audit-key.pem' })).toThrow(/set BALLOT_KEY_FILE to/);
    const config = loadConfig({ ...postgres, AUDIT_PRIVATE_KEY_FILE: '/keys/audit-key.pem', BALLOT_KEY_FILE: '/keys/ballot-key' });
    expect([config.auditPrivateKeyFile, config.ballotKeyFile]).toEqual(['/keys/audit-key.pem', '/keys/ballot-key']);
    expect(loadConfig({}).ballotKeyFile).toBeUndefined();
  });

  it('reads the shared secret from a file, as containers are given secrets', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cocrea-secret-'));
    const file = join(folder, 'auth-secret');
    writeFileSync(file, `${'s'.repeat(48)}\n`, { mode: 0o600 });
    expect(loadConfig({ AUTH_JWT_SECRET_FILE: file }).identity).toEqual({ kind: 'secret', secret: 's'.repeat(48) });
    expect(() => loadConfig({ AUTH_JWT_SECRET_FILE: file, AUTH_JWT_SECRET: strong })).toThrow(/not both/);
    writeFileSync(join(folder, 'short'), 'short', { mode: 0o600 });
    expect(() => loadConfig({ AUTH_JWT_SECRET_FILE: join(folder, 'short') })).toThrow(/fewer than 32 bytes/);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('the development sign-in', () => {
  const strong = 'a-shared-secret-of-at-least-thirty-two-bytes!';
  it('is on only with the secret the server makes for itself, outside production, unless told', () => {
    expect(loadConfig({}).developmentSignIn).toBe(true);
    expect(loadConfig({ AUTH_JWT_SECRET: strong }).developmentSignIn).toBe(false);
    expect(loadConfig({ AUTH_JWT_SECRET: strong, DEVELOPMENT_SIGN_IN: 'on' }).developmentSignIn).toBe(true);
    expect(loadConfig({ DEVELOPMENT_SIGN_IN: 'off' }).developmentSignIn).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: strong }).developmentSignIn).toBe(false);
  });

  it('cannot be forced on in production or with an identity provider', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: strong, DEVELOPMENT_SIGN_IN: 'on' })).toThrow(
      /refused with NODE_ENV=production/,
    );
    expect(() => loadConfig({ AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'a', DEVELOPMENT_SIGN_IN: 'on' })).toThrow(
      /identity provider/,
    );
    expect(() => loadConfig({ DEVELOPMENT_SIGN_IN: 'yes' })).toThrow(/must be on or off/);
  });
});
