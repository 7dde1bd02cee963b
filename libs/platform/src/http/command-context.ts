import { BadRequestException, ExecutionContext, createParamDecorator } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '@cocrea/event-store';
import type { CommandContext } from '../commands/command-handler';
import { t } from '../i18n/text';

const ID = /^[A-Za-z0-9._:-]{1,200}$/;

const header = (request: { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined => {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (!ID.test(text)) throw new BadRequestException(t`${name} header must be 1-200 letters, digits or ._:-`);
  return text;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The endpoint a request reached: its method, the route it matched (not the literal path, which the router
 * reads case-insensitively and with or without a trailing slash) and the route's parameters, ids in the
 * lower case the commands use.
 */
export interface Endpoint {
  method: string;
  route: string;
  params: Record<string, string>;
}

const endpointOf = (request: { method: string; route?: { path?: unknown }; params?: Record<string, string> }): Endpoint => ({
  method: request.method.toUpperCase(),
  route: String(request.route?.path ?? ''),
  params: Object.fromEntries(
    Object.entries(request.params ?? {}).map(([name, value]) => [name, UUID.test(value) ? value.toLowerCase() : value]),
  ),
});

/**
 * The command id of an `Idempotency-Key`: scoped to the actor, the endpoint and the body, so that a key
 * only ever replays the same user's same request. Another user's key, or the same key on another
 * endpoint or with another body, is another command.
 */
export const commandIdOf = (key: string, actorId: string, endpoint: Endpoint, body: unknown): string =>
  `cmd-${createHash('sha256')
    .update(canonicalJson({ key, actorId, endpoint, body: body ?? null }))
    .digest('hex')
    .slice(0, 32)}`;

/** The actor and ids of a command: `Idempotency-Key` makes it retryable, `X-Correlation-Id` is kept as given. */
export const Sender = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest();
  const idempotencyKey = header(request, 'idempotency-key');
  return {
    actor: request.actor,
    idempotencyKey,
    commandId: idempotencyKey && commandIdOf(idempotencyKey, request.actor.id, endpointOf(request), request.body),
    correlationId: header(request, 'x-correlation-id'),
  };
});
