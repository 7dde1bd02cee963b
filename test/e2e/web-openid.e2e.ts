import type { Browser } from 'playwright-core';
import { TestApp } from '../support/app-harness';
import { launchBrowser, personIn, watchForErrors, webBuild } from '../support/browser';
import { freePort } from '../support/node-process';
import { OpenIdProvider, TEST_AUDIENCE, signingKey } from '../support/openid';

/**
 * Sign-in through a real OpenID Provider (oidc-provider, in its own process): the web app sends the browser there
 * with an authorization code request and a PKCE challenge, and exchanges the code with the verifier.
 */
describe('the web app: sign-in with an OpenID provider (authorization code with PKCE)', () => {
  let provider: OpenIdProvider;
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    const port = freePort();
    provider = await OpenIdProvider.start([await signingKey('key-1', 'ES256')], { redirectUris: [`http://127.0.0.1:${port}/callback`] });
    app = await TestApp.start({
      port,
      config: {
        webDir: webBuild(),
        identity: provider.identity(1000),
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await provider?.stop();
  });

  it("signs in at the provider's pages and comes back signed in, with the roles the provider gave", async () => {
    const context = await personIn(browser, app.url);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto('/sign-in?returnTo=/audit');
    const providerButton = page.getByRole('button', { name: 'Continuar con el proveedor de identidad' });
    await providerButton.waitFor();
    // No development sign-in where a provider is configured.
    expect(await page.getByLabel('Nombre').count()).toBe(0);
    await providerButton.click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    const authorize = new URL(requests.find((url) => url.startsWith(`${provider.issuer}/auth?`))!);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'cocrea-web',
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      redirect_uri: `${app.url}/callback`,
      resource: TEST_AUDIENCE,
    });
    // oidc-provider's development login and consent pages: any password signs in; roles after the colon.
    await page.locator('input[name=login]').fill('ines:auditor');
    await page.locator('input[name=password]').fill('any');
    await page.locator('button[type=submit]').click();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${app.url}/audit`);
    await page.locator('header summary', { hasText: 'ines' }).waitFor();
    // An auditor may verify the chain: the token the provider issued is the one the API accepts.
    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    await page
      .getByTestId('chain-report')
      .getByText(/^Cadena íntegra/)
      .waitFor();
    const token = requests.find((url) => url === `${provider.issuer}/token`);
    expect(token).toBeDefined();
    // The provider's own development pages ask for a favicon and web fonts (refused: no traffic leaves this
    // machine); the app's pages report nothing.
    expect(errors.filter((error) => !error.includes(provider.issuer) && !error.includes('ERR_BLOCKED_BY_CLIENT'))).toEqual([]);
    await context.close();
  });

  it('refuses a callback this tab did not start', async () => {
    const context = await personIn(browser, app.url);
    const page = await context.newPage();
    await page.goto('/callback?code=forged&state=forged');
    await page.getByRole('alert').getByText('No se inició ningún inicio de sesión en esta pestaña.').waitFor();
    await context.close();
  });
});
