import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, type OpenAPIObject } from '@nestjs/swagger';

/** An answer that is text (JSON Lines, CSV, a script, Prometheus), as the document describes it. */
export const ApiText = (contentType: string, description: string) =>
  applyDecorators(ApiProduces(contentType), ApiOkResponse({ description, content: { [contentType]: { schema: { type: 'string' } } } }));

type Operation = {
  parameters?: Array<{ name: string; in: string; schema?: Record<string, unknown>; [key: string]: unknown }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Path parameters that are UUIDs; `streamId` and `userId` are not. */
const UUID_PARAMETERS = new Set(['id', 'proposalId', 'commitmentId']);
const KEY = '^[A-Za-z0-9._:-]{1,200}$';

const ERROR_BODY = {
  type: 'object',
  description: 'The body of every refused request',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 422 },
    error: { type: 'string', example: 'Unprocessable Entity' },
    message: {
      type: 'string',
      description:
        'what was refused, in the language the Accept-Language header asks for: Spanish (es) or English (en), else the ' +
        "server's DEFAULT_LANGUAGE; the answer's Content-Language says which",
      example: 'each participant may vote for at most 3 proposals',
    },
    code: {
      type: 'string',
      description: 'on 4xx refused by a domain rule: a machine-readable code, the same in every language',
      example: 'vote-limit-reached',
    },
    details: { description: 'what the refusal is about: the fields and their problems (400), the conflicting sections (409), …' },
  },
};

const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

/**
 * What the document says about every operation besides what its decorators say, so that no operation can forget
 * it: the error body and the refusals each kind of operation can answer, `?minPosition=` on every read,
 * `Idempotency-Key` and `X-Correlation-Id` on every command, UUIDs in paths, and no request body where none is needed.
 */
export const completeDocument = (document: OpenAPIObject): OpenAPIObject => {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = { ...schemas, ErrorBody: ERROR_BODY };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const parameters = (operation.parameters ??= []);
      for (const parameter of parameters) {
        if (parameter.in === 'path' && UUID_PARAMETERS.has(parameter.name)) parameter.schema = { type: 'string', format: 'uuid' };
      }
      const write = WRITES.has(method);
      const has = (name: string) => parameters.some((parameter) => parameter.name.toLowerCase() === name.toLowerCase());
      if (!write && path.startsWith('/api/') && !has('minPosition')) {
        parameters.push({
          name: 'minPosition',
          in: 'query',
          required: false,
          description: 'read your writes: wait (up to 5 s, then 503) until the read models have applied this log position',
          schema: { type: 'integer', minimum: 0 },
        });
      }
      if (write) {
        if (!has('Idempotency-Key')) {
          parameters.push({
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'a retry with the same key, by the same user, on the same route with the same body, returns the first answer',
            schema: { type: 'string', pattern: KEY },
          });
        }
        if (!has('X-Correlation-Id')) {
          parameters.push({
            name: 'X-Correlation-Id',
            in: 'header',
            required: false,
            description: 'recorded as the correlation id of the events the command records',
            schema: { type: 'string', pattern: KEY },
          });
        }
      }
      const body = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const bodySchema = body
        ? (document.components.schemas[body.split('/').pop()!] as { required?: string[]; properties?: object })
        : undefined;
      if (body?.endsWith('/NoBodyDto')) delete operation.requestBody;
      else if (operation.requestBody && bodySchema && !(bodySchema.required?.length ?? 0)) operation.requestBody.required = false;

      const responses = operation.responses;
      const add = (status: string, description: string) => (responses[status] ??= refusal(description));
      add('400', 'invalid input: the message names the field or parameter');
      if (!path.startsWith('/api/')) continue;
      const needsToken = operation.security?.length === 1 && 'bearer' in (operation.security[0] ?? {});
      add('401', needsToken ? 'no token, or a bad one' : 'a token was sent and is bad (the operation needs none)');
      if (needsToken) add('403', 'the token lacks the role, or the rules of the command refuse this user');
      if (path.includes('{')) add('404', 'no such resource');
      if (write) {
        add('409', 'the stream changed since the revision the command was made on');
        add('413', 'the body is larger than 1 MB');
        add('415', 'the body is not JSON');
        add('422', 'a rule of the process refuses the command; `code` says which');
        add('429', 'too many writes: see Retry-After');
        add('507', 'the log’s storage is full: nothing was recorded; see Retry-After');
      }
      add('503', 'the read models did not reach minPosition in time, or the identity provider cannot be reached');
    }
  }
  // Commands without a body refuse one all the same (NoBodyDto); the document says they take none.
  delete document.components.schemas.NoBodyDto;
  return document;
};
