import * as oauth from 'oauth4webapi';
import type { SignInOptionsDto } from '../../api';

const PENDING = 'cocrea.openid';

interface Pending {
  verifier: string;
  state: string;
  returnTo: string;
}

const redirectUri = () => `${window.location.origin}/callback`;

/** The provider's metadata; plain http only for a provider on this machine (development, tests). */
const serverOf = async (options: SignInOptionsDto) => {
  const issuer = new URL(options.issuer ?? '');
  const insecure = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
  const server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
  return { server, insecure, client: { client_id: options.clientId ?? '' } };
};

/** Sends the browser to the provider: authorization code with PKCE (S256), for the API's audience. */
export const startOpenIdSignIn = async (options: SignInOptionsDto, returnTo: string): Promise<void> => {
  const { server, client } = await serverOf(options);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo } satisfies Pending));
  const url = new URL(server.authorization_endpoint ?? '');
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid');
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  if (options.audience) url.searchParams.set('resource', options.audience);
  window.location.assign(url.href);
};

/** Back from the provider: checks the state, exchanges the code (with the verifier) for the access token. */
export const finishOpenIdSignIn = async (options: SignInOptionsDto): Promise<{ token: string; returnTo: string } | undefined> => {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING);
  // None started in this tab: a forged or replayed callback.
  if (!pending) return undefined;
  const { server, client, insecure } = await serverOf(options);
  const params = oauth.validateAuthResponse(server, client, new URL(window.location.href), pending.state);
  const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, redirectUri(), pending.verifier, {
    ...insecure,
    ...(options.audience ? { additionalParameters: { resource: options.audience } } : {}),
  });
  const result = await oauth.processAuthorizationCodeResponse(server, client, response);
  return { token: result.access_token, returnTo: pending.returnTo };
};
