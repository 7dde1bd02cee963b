import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { SECRET_FILE, signJwt } from '@cocrea/platform';
import { TEST_SECRET, TestApp, ok, tokenFor } from '../support/app-harness';
import { LiveClient } from '../support/live-client';
import { ROOT } from '../support/node-process';
import { bodies } from '../support/scenario';
import { OpenIdProvider, signingKey } from '../support/openid';

const plan = bodies.plan({ title: 'IV Plan de Acción' });
/** The string the server once fell back to without AUTH_JWT_SECRET: anyone could read it in the code. */
const FORMER_DEVELOPMENT_SECRET = 'cocrea-development-secret-change-me';

describe('identity: tokens from an OpenID provider', () => {
  let provider: OpenIdProvider;
  let app: TestApp;
  let first: Awaited<ReturnType<typeof signingKey>>;

  beforeAll(async () => {
    first = await signingKey('key-1', 'ES256');
    provider = await OpenIdProvider.start([first]);
    app = await TestApp.start({
      config: {
        identity: provider.identity(1),
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await provider?.stop();
  });

  it('accepts a token from the authorization code grant, with the roles and name where the provider puts them', async () => {
    const token = await provider.signIn('marta:moderator');
    const created = ok(await app.post('/api/plans', token, plan), 201);
    const recorded = (await app.events()).find((event) => event.streamId === `plan-${created.id}`)!;
    expect(recorded.metadata).toMatchObject({ actorId: 'marta:moderator', actorName: 'marta' });

    const participant = await provider.signIn('carlos:participant');
    expect((await app.post('/api/plans', participant, plan)).status).toBe(403);
  });

  it('accepts the same tokens on the socket handshake, and refuses others there too', async () => {
    const client = await LiveClient.connect(app.url, await provider.signIn('ana:member'));
    client.socket.close();
    const forged = await new LiveClient(app.url, tokenFor('ana', ['member'])).refused();
    expect(forged.message).toMatch(/unauthorized: token must be signed with RS256, ES256, EdDSA/);
  });

  it('picks up rotated keys, and refuses tokens of a key the provider no longer publishes', async () => {
    const before = await provider.signIn('marta:moderator');
    ok(await app.post('/api/plans', before, plan), 201);

    await provider.restart([await signingKey('key-2', 'EdDSA')]);
    const after = await provider.signIn('marta:moderator');
    expect(decodeProtectedHeader(after)).toMatchObject({ kid: 'key-2', alg: 'EdDSA' });
    ok(await app.post('/api/plans', after, plan), 201);

    const retired = await app.post('/api/plans', before, plan);
    expect(retired.status).toBe(401);
    expect(retired.body.message).toMatch(/key the identity provider does not publish/);
    await provider.restart([first]);
  });

  it('refuses a token for another audience, from another issuer, or signed with a pinned-out algorithm', async () => {
    const otherAudience = await provider.signIn('marta:moderator', { resource: 'https://other-api.example' });
    expect(await app.post('/api/plans', otherAudience, plan)).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/aud/) },
    });

    // Same keys, another issuer: only the iss claim tells it apart.
    const impostor = await OpenIdProvider.start([first]);
    try {
      const foreign = await impostor.signIn('marta:moderator');
      expect(await app.post('/api/plans', foreign, plan)).toMatchObject({ status: 401, body: { message: expect.stringMatching(/iss/) } });
    } finally {
      await impostor.stop();
    }

    const symmetric = tokenFor('marta', ['moderator']);
    expect(await app.post('/api/plans', symmetric, plan)).toMatchObject({
      status: 401,
      body: { message: 'token must be signed with RS256, ES256, EdDSA' },
    });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
    expect((await app.post('/api/plans', unsigned, plan)).status).toBe(401);
    expect((await app.events()).filter((event) => event.type === 'PlanCreated')).toHaveLength(3);
  });

  it('answers 503, not 401, while the provider cannot be reached, and recovers when it can', async () => {
    const token = await provider.signIn('marta:moderator');
    const down = await OpenIdProvider.start([first]);
    const stranded = await TestApp.start({
      config: {
        identity: down.identity(1),
      },
    });
    try {
      await down.stop({ keepFolder: true });
      const unreachable = await stranded.get('/api/plans/00000000-0000-4000-8000-000000000000', token);
      expect(unreachable.status).toBe(503);
      expect(unreachable.body.message).toMatch(/identity provider/);
      await down.restart([first]);
      const own = await down.signIn('marta:moderator');
      ok(await stranded.post('/api/plans', own, plan), 201);
    } finally {
      await stranded.stop();
      await down.stop();
    }
  });
});

describe('identity: a server without configured identity', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ config: { identity: { kind: 'secret' } } });
  });
  afterAll(() => app?.stop());

  const tokenCommand = (...args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'apps/api/src/token.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: app.dataDir, AUTH_JWT_SECRET: '', AUTH_ISSUER: '' },
      encoding: 'utf8',
    }).trim();

  it('keeps a random secret of its own in the data folder, readable by its owner only', () => {
    expect(statSync(join(app.dataDir, SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it("accepts npm run token's tokens, and refuses one signed with the former development string", async () => {
    const moderator = tokenCommand('--sub', 'mod-1', '--name', 'Marta', '--roles', 'moderator');
    ok(await app.post('/api/plans', moderator, plan), 201);
    const forged = await app.post('/api/plans', tokenFor('mod-1', ['admin'], 'Mallory', FORMER_DEVELOPMENT_SECRET), plan);
    expect(forged).toMatchObject({ status: 401, body: { message: 'token signature is invalid' } });
    const events = await app.events();
    expect(events.map((event) => event.metadata.actorName)).toEqual(['Marta']);
  });
});

describe('identity: what a shared-secret token must be', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app?.stop());

  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  /** A token signed with the right secret whatever its payload, as a hostile client would make it. */
  const signed = (payload: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }) => {
    const unsigned = `${part(header)}.${part(payload)}`;
    return `${unsigned}.${createHmac('sha256', TEST_SECRET).update(unsigned).digest('base64url')}`;
  };
  const claims = { sub: 'mod-1', name: 'Marta', roles: ['moderator'] };

  it.each([
    ['no exp', signed(claims), /no exp claim/],
    ['exp null', signed({ ...claims, exp: null }), /exp/],
    ['exp as a string', signed({ ...claims, exp: String(now + 3600) }), /exp/],
    ['expired', signed({ ...claims, exp: now - 3600 }), /expired/],
    ['nbf as a string', signed({ ...claims, exp: now + 3600, nbf: String(now + 3600) }), /nbf/],
    ['nbf in the future', signed({ ...claims, exp: now + 3600, nbf: now + 3600 }), /nbf/],
    ['a null payload', signed(null), /not valid|JWT/],
    ['no sub', signed({ name: 'x', roles: ['admin'], exp: now + 3600 }), /sub/],
    ['padding after the signature', `${signJwt(claims, TEST_SECRET)}=`, /not a JWT/],
    ['standard base64 in the signature', signJwt(claims, TEST_SECRET).replace(/-/g, '+').replace(/_/g, '/') + '+/', /not a JWT/],
    ['junk after the signature', `${signJwt(claims, TEST_SECRET)}!!`, /not a JWT/],
    ['alg none', signed({ ...claims, exp: now + 3600 }, { alg: 'none' }), /HS256/],
  ])('refuses a token with %s (401, nothing recorded)', async (_, token, message) => {
    const answer = await app.post('/api/plans', token, plan);
    expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 401, message: expect.stringMatching(message) });
    expect(await app.events()).toEqual([]);
  });

  it('accepts a well-formed token, within a small clock tolerance', async () => {
    ok(await app.post('/api/plans', signed({ ...claims, exp: now + 3600, nbf: now + 10 }), plan), 201);
  });
});
