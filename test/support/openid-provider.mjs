/**
 * A real OpenID Provider for the tests (oidc-provider, a certified implementation), on loopback, in its own
 * process as a deployment's provider would be.
 *
 *   node test/support/openid-provider.mjs <port> <keys.json> [audience] [redirect URI,...]
 *
 * keys.json holds the private JWKs it signs with (the first of each algorithm signs; all are published).
 * Clients: `cocrea-web` (public, authorization code with PKCE, redirect http://127.0.0.1/callback and any given:
 * the web app's `<origin>/callback`, whose origin may then also call the provider from a page, CORS).
 * Access tokens are JWTs for the resource (the audience) asked for, `audience` by default, and carry the
 * account's roles in `realm_access.roles` (as Keycloak does) and its name. An account is its login, with roles
 * after a colon: `ana:member,participant`. Any password signs in. Prints `ready <issuer>` when listening.
 */
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, keysFile, audience = 'https://api.cocrea.test', redirects = ''] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const keys = JSON.parse(readFileSync(keysFile, 'utf8'));

const accountOf = (accountId) => {
  const [login, roles = ''] = accountId.split(':');
  return { login, roles: roles.split(',').filter(Boolean) };
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'cocrea-web',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback', ...redirects.split(',').filter(Boolean)],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: keys[0].alg,
    },
  ],
  enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256', 'EdDSA'] },
  jwks: { keys },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: 'openid',
        audience: resource,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: keys[0].alg } },
      }),
    },
  },
  findAccount: (_ctx, accountId) => ({
    accountId,
    claims: () => ({ sub: accountId, name: accountOf(accountId).login }),
  }),
  extraTokenClaims: (_ctx, token) => {
    if (!token.accountId) return undefined;
    const { login, roles } = accountOf(token.accountId);
    return { name: login, realm_access: { roles } };
  },
  // The tests' clock is the machine's: no leeway is needed, and none hides a check.
  clockTolerance: 0,
});
provider.proxy = false;
// oidc-provider warns about its development interactions on every start; the tests know.
console.warn = () => {};

provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
