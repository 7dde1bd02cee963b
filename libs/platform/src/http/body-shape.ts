import { errorBody } from './errors';

interface BodyRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  is(type: string): string | false | null;
}
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** The API speaks JSON: a body of any other media type is a 415, not an empty command. */
export const requireJsonBodies = (request: BodyRequest, response: JsonResponse, next: () => void) => {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !request.is('application/json')) {
    response
      .status(415)
      .json(errorBody(415, `request body must be application/json, got ${request.headers['content-type'] ?? 'no content-type'}`));
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
export const shapeProblem = (value: unknown, shape = BODY_SHAPE): string | undefined => {
  const pending: Array<[unknown, number, string]> = [[value, 1, 'body']];
  let members = 0;
  while (pending.length > 0) {
    const [node, depth, path] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > shape.maxDepth) return `request body is nested deeper than ${shape.maxDepth} levels`;
    const isArray = Array.isArray(node);
    const keys = Object.keys(node);
    if (isArray && keys.length > shape.maxArrayLength) {
      return `${path} is an array of ${keys.length} items; at most ${shape.maxArrayLength} are accepted`;
    }
    if (!isArray && keys.length > shape.maxKeysPerObject) {
      return `${path} has ${keys.length} fields; at most ${shape.maxKeysPerObject} are accepted`;
    }
    members += keys.length;
    if (members > shape.maxMembers) return `request body has more than ${shape.maxMembers} fields and items in all`;
    for (const key of keys)
      pending.push([(node as Record<string, unknown>)[key], depth + 1, isArray ? `${path}[${key}]` : `${path}.${key}`]);
  }
  return undefined;
};

/** Refuses a parsed body beyond BODY_SHAPE with a short 400 naming the limit. */
export const limitBodyShape = (request: BodyRequest, response: JsonResponse, next: () => void) => {
  const problem = shapeProblem(request.body);
  if (problem) {
    response.status(400).json(errorBody(400, problem));
    return;
  }
  next();
};
