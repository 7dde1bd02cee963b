import { TestApp } from '../support/app-harness';
import { OpenIdProvider, TEST_AUDIENCE, signingKey } from '../support/openid';

/** How a browser signs in: the options the server announces, and the development sign-in where it may exist. */
describe('sign-in options and the development sign-in', () => {
  describe('without an identity provider, not in production', () => {
    let app: TestApp;
    beforeAll(async () => (app = await TestApp.start()));
    afterAll(() => app?.stop());

    it('offers the development sign-in, whose token the API and /api/session/me accept', async () => {
      expect((await app.get('/api/session')).body).toEqual({ method: 'development' });
      const signIn = await app.post('/api/session/development', undefined, {
        name: '  Ana María ',
        roles: ['member', 'participant', 'member'],
      });
      expect(signIn.status).toBe(200);
      expect(signIn.body).toMatchObject({ userId: 'ana-maria', token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
      expect(Date.parse(signIn.body.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);
      expect((await app.get('/api/session/me', signIn.body.token)).body).toEqual({
        id: 'ana-maria',
        name: 'Ana María',
        roles: ['member', 'participant'],
      });
    });

    it('refuses a nameless or roleless sign-in with a 400 naming the field, and /me without a token with a 401', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ name: '', roles: ['member'] }, /name must be longer than or equal to 1 characters/],
        [{ name: '---', roles: ['member'] }, /name must contain a letter or a digit/],
        [{ name: 'Ana', roles: [] }, /roles must contain at least 1 elements/],
        [{ name: 'Ana', roles: ['king'] }, /each value in roles must be one of the following values/],
      ];
      for (const [body, message] of cases) {
        const answer = await app.post('/api/session/development', undefined, body);
        expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
      }
      expect((await app.get('/api/session/me')).status).toBe(401);
    });
  });

  it('has none with a configured shared secret unless DEVELOPMENT_SIGN_IN=on says so', async () => {
    const app = await TestApp.start({ config: { developmentSignIn: false } });
    try {
      expect((await app.get('/api/session')).body).toEqual({ method: 'token' });
      expect((await app.post('/api/session/development', undefined, { name: 'Ana', roles: ['admin'] })).status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('has no development sign-in in production, even with a shared secret: a pasted token instead', async () => {
    const app = await TestApp.start({ config: { production: true } });
    try {
      expect((await app.get('/api/session')).body).toEqual({ method: 'token' });
      expect((await app.post('/api/session/development', undefined, { name: 'Ana', roles: ['admin'] })).status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('has none with an identity provider: the web app signs in there, with the client id and audience announced', async () => {
    const provider = await OpenIdProvider.start([await signingKey('key-1', 'ES256')]);
    const app = await TestApp.start({
      config: {
        identity: provider.identity(1000),
      },
    });
    try {
      expect((await app.get('/api/session')).body).toEqual({
        method: 'openid',
        issuer: provider.issuer,
        clientId: 'cocrea-web',
        audience: TEST_AUDIENCE,
      });
      expect((await app.post('/api/session/development', undefined, { name: 'Ana', roles: ['admin'] })).status).toBe(404);
      // The web app's page may reach the provider (discovery, token endpoint) and nothing else.
      const csp = (await app.request('GET', '/health')).headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`connect-src 'self' ${new URL(provider.issuer).origin}`);
    } finally {
      await app.stop();
      await provider.stop();
    }
  });
});
