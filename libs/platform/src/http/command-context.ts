import { BadRequestException, ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { CommandContext } from '../commands/command-handler';

const ID = /^[A-Za-z0-9._:-]{1,200}$/;

const header = (request: { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined => {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (!ID.test(text)) throw new BadRequestException(`${name} header must be 1-200 letters, digits or ._:-`);
  return text;
};

/** The actor and ids of a command: `Idempotency-Key` is the command id, `X-Correlation-Id` is kept as given. */
export const Command = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest();
  return {
    actor: request.actor,
    commandId: header(request, 'idempotency-key'),
    correlationId: header(request, 'x-correlation-id'),
  };
});
