import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  Type,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, InvalidTokenError, ROLES, Role, hasAnyRole } from './actor';
import { IdentityUnavailable, TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

const PUBLIC = 'cocrea:public';
const ROLES_KEY = 'cocrea:roles';

/** The route needs no token. */
export const Public = () => SetMetadata(PUBLIC, true);
/** The route needs one of these roles (checked after the token). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The route needs a token with any of Cocrea's roles. */
export const SignedIn = () => Roles(...ROLES);

/** Who may call a route: `'public'`, the roles it needs, or undefined when it does not say. */
export const accessOf = (reflector: Reflector, handler: Function, controller: Type): 'public' | Role[] | undefined => {
  const targets = [handler, controller];
  if (reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return 'public';
  return reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
};

/** The authenticated actor of the request. */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest().actor,
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
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new UnauthorizedException('missing bearer token in the Authorization header');
    try {
      request.actor = await this.tokens.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
      if (error instanceof IdentityUnavailable) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    // Routes that declare no access never start (EveryRouteDeclaresAccess): no roles here means none is enough.
    const roles = access ?? [];
    if (!hasAnyRole(request.actor, roles)) {
      throw new ForbiddenException(
        roles.length === ROLES.length ? 'requires one of Cocrea’s roles' : `requires one of the roles: ${roles.join(', ')}`,
      );
    }
    return true;
  }
}
