import { client } from './api/client.gen';
import { currentLanguage } from './i18n';

export * from './api/sdk.gen';
export type * from './api/types.gen';

let bearer: string | undefined;
/** The token every request carries from now on (none: anonymous). */
export const setBearer = (token: string | undefined) => {
  bearer = token;
};
export const currentToken = () => bearer;

let unauthorized: () => void = () => undefined;
/** What to do when the server refuses the token the page carries (expired, revoked): sign the person out. */
export const onUnauthorized = (handler: () => void) => {
  unauthorized = handler;
};

client.setConfig({ baseUrl: window.location.origin });
client.interceptors.request.use((request) => {
  // A call that names its own token (checking one before adopting it) keeps it.
  if (bearer && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${bearer}`);
  // The server answers refusals in the interface's language.
  request.headers.set('Accept-Language', currentLanguage);
  return request;
});
client.interceptors.response.use((response, request) => {
  if (response.status === 401 && bearer && request.headers.get('Authorization') === `Bearer ${bearer}`) unauthorized();
  return response;
});

/** A refusal as the API says it: `{ statusCode, error, message, code?, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The data of a generated call, or an ApiError carrying the server's message (in the interface's language). */
export const answerOf = async <T>(call: Promise<Answer<T>>): Promise<T> => {
  const { data, error, response } = await call;
  if (response?.ok && error === undefined) return data as T;
  const body = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; code?: unknown; details?: unknown };
  const message = typeof body.message === 'string' ? body.message : `HTTP ${response?.status ?? '—'} ${response?.statusText ?? ''}`.trim();
  throw new ApiError(response?.status ?? 0, typeof body.code === 'string' ? body.code : undefined, message, body.details);
};
