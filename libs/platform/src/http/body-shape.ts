import { type Text, t } from '../i18n/text';
import type { Translator } from '../i18n/translator';
import { errorBody, voiceOf } from './errors';

interface BodyRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  is(type: string): string | false | null;
}
interface JsonResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): void };
}

/** Answers a refusal in the request's language. */
const refuse = (translator: Translator, request: BodyRequest, response: JsonResponse, status: number, message: Text) => {
  const { language, say } = voiceOf(translator, request);
  response.setHeader('Content-Language', language);
  response.setHeader('Vary', 'Accept-Language');
  response.status(status).json(errorBody(status, say(message)));
};

/** The API speaks JSON: a body of any other media type is a 415, not an empty command. */
export const requireJsonBodies = (translator: Translator) => (request: BodyRequest, response: JsonResponse, next: () => void) => {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !request.is('application/json')) {
    refuse(
      translator,
      request,
      response,
      415,
      t`request body must be application/json, got ${request.headers['content-type'] ?? t`no content-type`}`,
    );
    return;
  }
  next();
};

/**
 * The largest shape a command body may have. No command has more than a dozen fields or more than the
 * 500 proposals of a consultation; a body beyond these would only make the validator spend seconds on
 * it (and list every stray field in its answer), so it is refused before validation, in microseconds.
 */
export const BODY_SHAPE = { maxDepth: 32, maxKeysPerObject: 100, maxArrayLength: 1000, maxMembers: 5000 } as const;

/** Why a parsed JSON body is beyond BODY_SHAPE, or undefined when it is within. */
export const shapeProblem = (value: unknown, shape = BODY_SHAPE): Text | undefined => {
  const pending: Array<[unknown, number, string]> = [[value, 1, 'body']];
  let members = 0;
  while (pending.length > 0) {
    const [node, depth, path] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > shape.maxDepth) return t`request body is nested deeper than ${shape.maxDepth} levels`;
    const isArray = Array.isArray(node);
    const keys = Object.keys(node);
    if (isArray && keys.length > shape.maxArrayLength) {
      return t`${path} is an array of ${keys.length} items; at most ${shape.maxArrayLength} are accepted`;
    }
    if (!isArray && keys.length > shape.maxKeysPerObject) {
      return t`${path} has ${keys.length} fields; at most ${shape.maxKeysPerObject} are accepted`;
    }
    members += keys.length;
    if (members > shape.maxMembers) return t`request body has more than ${shape.maxMembers} fields and items in all`;
    for (const key of keys)
      pending.push([(node as Record<string, unknown>)[key], depth + 1, isArray ? `${path}[${key}]` : `${path}.${key}`]);
  }
  return undefined;
};

/** Refuses a parsed body beyond BODY_SHAPE with a short 400 naming the limit. */
export const limitBodyShape = (translator: Translator) => (request: BodyRequest, response: JsonResponse, next: () => void) => {
  const problem = shapeProblem(request.body);
  if (problem) {
    refuse(translator, request, response, 400, problem);
    return;
  }
  next();
};
