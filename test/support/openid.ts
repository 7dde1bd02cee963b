import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Identity } from '@cocrea/platform';
import { freePort } from './node-process';

export const TEST_AUDIENCE = 'https://api.cocrea.test';
const REDIRECT_URI = 'http://127.0.0.1/callback';

/** A private signing key as the provider is configured with it. */
export const signingKey = async (kid: string, alg: 'ES256' | 'RS256' | 'EdDSA'): Promise<JWK> => {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
};

/**
 * The test OpenID Provider (test/support/openid-provider.mjs) in its own process. `restart(keys)` brings it back
 * on the same port and issuer with other keys: a key rotation.
 */
export class OpenIdProvider {
  private process?: ChildProcess;
  private readonly folder = mkdtempSync(join(tmpdir(), 'cocrea-oidc-'));
  readonly port = freePort();
  readonly issuer = `http://127.0.0.1:${this.port}`;

  private constructor(
    private keys: JWK[],
    private readonly redirectUris: string[],
  ) {}

  /** The server's identity configuration for this provider, as the tests use it (Keycloak's place for roles). */
  identity(keysCooldownMs = 1000): Extract<Identity, { kind: 'openid' }> {
    return {
      kind: 'openid',
      issuer: this.issuer,
      audience: TEST_AUDIENCE,
      rolesClaim: 'realm_access.roles',
      nameClaim: 'name',
      webClientId: 'cocrea-web',
      keysCooldownMs,
    };
  }

  /** `redirectUris`: where else `cocrea-web` may be sent back to (a web app's `<origin>/callback`). */
  static async start(keys: JWK[], options: { redirectUris?: string[] } = {}): Promise<OpenIdProvider> {
    const provider = new OpenIdProvider(keys, options.redirectUris ?? []);
    await provider.launch();
    return provider;
  }

  async restart(keys: JWK[]): Promise<void> {
    await this.stop({ keepFolder: true });
    this.keys = keys;
    await this.launch();
  }

  async stop(options: { keepFolder?: boolean } = {}): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
    if (!options.keepFolder) rmSync(this.folder, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const keysFile = join(this.folder, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(this.keys));
    const child = spawn(
      process.execPath,
      [join(__dirname, 'openid-provider.mjs'), String(this.port), keysFile, TEST_AUDIENCE, this.redirectUris.join(',')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.process = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => {
        output += chunk;
        if (output.includes('ready ')) resolve();
      });
      child.stderr!.on('data', (chunk) => (output += chunk));
      child.once('exit', (code) => reject(new Error(`the OpenID provider exited with ${code}:\n${output}`)));
    });
  }

  /**
   * Signs `account` in through the authorization code grant with PKCE, as a browser would (the provider's own
   * login and consent pages, its cookies), and returns the access token issued for `resource`.
   */
  async signIn(account: string, options: { resource?: string } = {}): Promise<string> {
    const cookies = new Map<string, string>();
    const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
      const response = await fetch(new URL(url, this.issuer), {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return response;
    };
    const form = (fields: Record<string, string>): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL('/auth', this.issuer);
    authorize.search = new URLSearchParams({
      client_id: 'cocrea-web',
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: randomBytes(8).toString('hex'),
      resource: options.resource ?? TEST_AUDIENCE,
    }).toString();

    // Follow redirects by hand; at each of the provider's pages submit what a person would.
    let response = await go(authorize.href);
    for (let step = 0; step < 10; step++) {
      const location = response.headers.get('location');
      if (location?.startsWith(REDIRECT_URI)) {
        const code = new URL(location).searchParams.get('code');
        if (!code) throw new Error(`the provider answered without a code: ${location}`);
        const token = await go(
          '/token',
          form({
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT_URI,
            client_id: 'cocrea-web',
            code_verifier: verifier,
            resource: options.resource ?? TEST_AUDIENCE,
          }),
        );
        const body = (await token.json()) as { access_token?: string; error?: string; error_description?: string };
        if (!body.access_token) throw new Error(`the token endpoint refused: ${body.error}: ${body.error_description}`);
        return body.access_token;
      }
      if (location) {
        response = await go(location);
        continue;
      }
      const page = await response.text();
      const action = page.match(/action="([^"]+)"/)?.[1];
      if (!action)
        throw new Error(
          `the provider answered ${response.status} without a form: ${page.replace(/<style>[\s\S]*<\/style>/, '').slice(0, 1500)}`,
        );
      const prompt = page.match(/name="prompt" value="([^"]+)"/)?.[1];
      response = await go(action, form(prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt: prompt ?? 'consent' }));
    }
    throw new Error('the sign-in did not reach the redirect URI in 10 steps');
  }
}
