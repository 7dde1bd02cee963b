import { BadRequestException, CanActivate, ExecutionContext, Injectable, OnModuleInit, Type } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { accessOf } from '../auth/auth.guard';
import { t } from '../i18n/text';

/** Query parameters every GET understands, whatever its route: read-your-writes. */
const EVERY_GET_QUERY = ['minPosition'];

type Handler = (...args: unknown[]) => unknown;

/**
 * The query parameters a route reads: undefined when it takes the whole query as a DTO (the validation
 * pipe's whitelist then refuses what the DTO does not declare), else the names of its `@Query('name')`s.
 */
const queryNamesOf = (controller: Type, handler: Handler): Set<string> | undefined => {
  const args: Record<string, { data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {};
  const names = new Set<string>();
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
    if (typeof arg.data !== 'string') return undefined;
    names.add(arg.data);
  }
  return names;
};

/**
 * Unknown query parameters are refused on every route, as they are in bodies: a misspelt `?planid=` is a
 * 400 naming it, not a silently unfiltered list.
 */
@Injectable()
export class KnownQueryGuard implements CanActivate {
  private readonly known = new WeakMap<Handler, Set<string> | undefined>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler() as Handler;
    if (!this.known.has(handler)) this.known.set(handler, queryNamesOf(context.getClass(), handler));
    const names = this.known.get(handler);
    if (names === undefined) return true;
    const request = context.switchToHttp().getRequest<{ method: string; query?: Record<string, unknown> }>();
    const unknown = Object.keys(request.query ?? {}).filter(
      (name) => !names.has(name) && !(request.method === 'GET' && EVERY_GET_QUERY.includes(name)),
    );
    if (unknown.length > 0) {
      const accepted = [...names, ...(request.method === 'GET' ? EVERY_GET_QUERY : [])];
      const listed = unknown.slice(0, 10).join(', ');
      const accepts = accepted.join(', ');
      throw new BadRequestException(
        unknown.length > 1
          ? accepted.length > 0
            ? t`unknown query parameters ${listed}; this route accepts ${accepts}`
            : t`unknown query parameters ${listed}; this route accepts none`
          : accepted.length > 0
            ? t`unknown query parameter ${listed}; this route accepts ${accepts}`
            : t`unknown query parameter ${listed}; this route accepts none`,
      );
    }
    return true;
  }
}

/**
 * Every route says who may call it, `@Public()` or `@Roles(...)`: a route added without one would be open to
 * any token, so the application refuses to start.
 */
@Injectable()
export class EveryRouteDeclaresAccess implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared: string[] = [];
    for (const { instance, metatype } of this.discovery.getControllers()) {
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as Handler;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (accessOf(this.reflector, handler, metatype as Type) === undefined) undeclared.push(`${metatype.name}.${name}`);
      }
    }
    if (undeclared.length > 0) {
      throw new Error(`routes without @Public() or @Roles(...): ${undeclared.join(', ')}`);
    }
  }
}
