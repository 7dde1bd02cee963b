import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  Type,
  applyDecorators,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { Actor, InvalidTokenError, Role, hasAnyRole } from './actor';
import { IdentityUnavailable, TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';
import { t } from '../i18n/text';

const PUBLIC = 'cocrea:public';
const ROLES_KEY = 'cocrea:roles';

/**
 * Anyone may call the route, without a token. A token sent anyway is checked (a bad one is a 401), and the route
 * sees who sent it: a moderator reading a public page still sees what moderators see.
 */
export const Public = () => applyDecorators(SetMetadata(PUBLIC, true), ApiSecurity({}), ApiBearerAuth());
/** The route needs one of these roles (checked after the token). */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth());

/** Who may call a route: `'public'`, the roles it needs, or undefined when it does not say. */
export const accessOf = (reflector: Reflector, handler: Function, controller: Type): 'public' | Role[] | undefined => {
  const targets = [handler, controller];
  if (reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return 'public';
  return reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
};

/** The authenticated actor of the request: undefined on a public route called without a token. */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor | undefined => context.switchToHttp().getRequest().actor,
);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets authenticate once, in the live namespace's handshake middleware.
    if (context.getType() !== 'http') return true;
    const access = accessOf(this.reflector, context.getHandler(), context.getClass());
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    if (access === 'public' && header === undefined) return true;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new UnauthorizedException(t`missing bearer token in the Authorization header`);
    try {
      request.actor = await this.tokens.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.text);
      if (error instanceof IdentityUnavailable) throw new ServiceUnavailableException(error.text);
      throw error;
    }
    if (access === 'public') return true;
    // Routes that declare no access never start (EveryRouteDeclaresAccess): no roles here means none is enough.
    const roles = access ?? [];
    if (!hasAnyRole(request.actor, roles)) {
      throw new ForbiddenException(t`requires one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
