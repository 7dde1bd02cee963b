import { Body, Controller, Get, HttpCode, Inject, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { APP_CONFIG, type Actor, type AppConfig, CurrentActor, Public, ROLES, type Role, secretIn, signJwt, t } from '@cocrea/platform';

/** How a browser signs in to this server, as the web app asks it before showing its sign-in. */
export class SignInOptionsDto {
  @ApiProperty({
    enum: ['development', 'openid', 'token'],
    description:
      'development: choose a name and roles (no identity provider, not in production); openid: through the identity ' +
      'provider; token: paste a token an administrator issued (a shared secret in production)',
  })
  method!: 'development' | 'openid' | 'token';

  @ApiPropertyOptional({ description: 'with openid: the issuer to send the browser to (authorization code with PKCE)' })
  issuer?: string;

  @ApiPropertyOptional({ description: "with openid: the web app's public client id at the provider (AUTH_WEB_CLIENT_ID)" })
  clientId?: string;

  @ApiPropertyOptional({ description: 'with openid: the resource (audience) the access token is asked for' })
  audience?: string;
}

export class DevelopmentSignInDto {
  @ApiProperty({ description: 'the name to be known by; the user id is made of it (Ana → ana)', example: 'Ana' })
  @IsString()
  @Length(1, 60)
  @Matches(/[\p{L}\p{N}]/u, { message: String(t`name must contain a letter or a digit`) })
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['member', 'participant'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class SessionTokenDto {
  @ApiProperty({ description: 'a bearer token for the API and /live' })
  token!: string;

  @ApiProperty({ description: 'the user id the token names (its sub)' })
  userId!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

/** Who a token names, as this server reads it (its roles claim, its name claim). */
export class SessionUserDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
}

/** A user id from a chosen name: lower case, letters and digits, words joined by dashes (Ana María → ana-maria). */
export const userIdOf = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

/**
 * The development sign-in exists only where the configuration allows it (`developmentSignIn`): never with an
 * identity provider or in production, and by default only with the secret the server made for itself.
 */
export const developmentSignInAllowed = (config: AppConfig): boolean =>
  config.developmentSignIn && config.identity.kind === 'secret' && !config.production;

const DEVELOPMENT_TOKEN_HOURS = 12;

@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'how a browser signs in to this server' })
  @ApiOkResponse({ type: SignInOptionsDto })
  options(): SignInOptionsDto {
    const identity = this.config.identity;
    if (identity.kind === 'openid') {
      return { method: 'openid', issuer: identity.issuer, clientId: identity.webClientId, audience: identity.audience };
    }
    // A configured secret in production: tokens come from elsewhere (npm run token, another service).
    return { method: developmentSignInAllowed(this.config) ? 'development' : 'token' };
  }

  // Public, so that a token with no role at all is still told whom it names; without a token, 401.
  @Public()
  @Get('me')
  @ApiOperation({ summary: 'who the bearer token names: id, name and roles as this server reads them (any valid token)' })
  @ApiOkResponse({ type: SessionUserDto })
  me(@CurrentActor() actor: Actor | undefined): SessionUserDto {
    if (!actor) throw new UnauthorizedException(t`missing bearer token in the Authorization header`);
    return { id: actor.id, name: actor.name, roles: [...actor.roles] };
  }
}

/** Registered only where developmentSignInAllowed: elsewhere the route does not exist (404). */
@ApiTags('session')
@Controller('api/session')
export class DevelopmentSignInController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Post('development')
  @HttpCode(200)
  @ApiOperation({
    summary: 'development sign-in: a token for a chosen name and roles (only without an identity provider, never in production)',
  })
  @ApiOkResponse({ type: SessionTokenDto })
  signIn(@Body() body: DevelopmentSignInDto): SessionTokenDto {
    const identity = this.config.identity;
    const secret = identity.kind === 'secret' && identity.secret ? identity.secret : secretIn(this.config.dataDir);
    const userId = userIdOf(body.name);
    const seconds = DEVELOPMENT_TOKEN_HOURS * 3600;
    const token = signJwt({ sub: userId, name: body.name.trim(), roles: [...new Set(body.roles)] }, secret, seconds);
    return { token, userId, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() };
  }
}
