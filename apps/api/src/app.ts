import 'reflect-metadata';
import type { Server } from 'node:http';
import { INestApplication, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { TerminusModule } from '@nestjs/terminus';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AuditModule } from '@cocrea/audit';
import { CoCreationModule } from '@cocrea/co-creation';
import { LiveAdapter, LiveModule } from '@cocrea/live';
import {
  AppConfig,
  Metrics,
  PlatformModule,
  loggingModule,
  ProjectionRunner,
  answerClientErrors,
  completeDocument,
  limitBodyShape,
  holdDataDir,
  prepareDataDir,
  releaseDataDir,
  requireJsonBodies,
  Translator,
  validationExceptionFactory,
} from '@cocrea/platform';
import { allMessages, allProjections, liveRooms } from './projections';
import { HealthController } from './health.controller';
import { IndexController } from './index.controller';
import { DevelopmentSignInController, SessionController, developmentSignInAllowed } from './session.controller';
import { serveWebApp } from './web-app';

/** Headers a browser client on another origin may read: the retry, the created resource, the correlation. */
const EXPOSED_HEADERS = ['Retry-After', 'Location', 'X-Correlation-Id'];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'];

/** How long requests in progress may take to finish once the server is closing. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * A closing server waits for its connections to end, and a browser keeps some open with no request on them (a
 * preconnect, a kept-alive one): the close would wait out their timeouts, a minute. So on close the connections
 * without a request go at once, and whatever is left after the grace period is cut.
 */
const closePromptly = (server: Server): void => {
  const close = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    close(callback);
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    return server;
  };
};

export const createApp = async (config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> => {
  prepareDataDir(config.dataDir);
  holdDataDir(config.dataDir);
  try {
    return await assemble(config, options);
  } catch (error) {
    releaseDataDir(config.dataDir);
    throw error;
  }
};

const assemble = async (config: AppConfig, options: { logger?: false }): Promise<INestApplication> => {
  @Module({
    imports: [
      loggingModule(config, options.logger === false),
      TerminusModule,
      PlatformModule.forRoot(config, allMessages),
      CoCreationModule,
      AuditModule,
      LiveModule.forRoot(liveRooms),
    ],
    controllers: [
      IndexController,
      HealthController,
      SessionController,
      ...(developmentSignInAllowed(config) ? [DevelopmentSignInController] : []),
    ],
  })
  class AppModule {}

  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    abortOnError: false,
    ...(options.logger === false ? { logger: false } : { bufferLogs: true }),
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.use(app.get(Metrics).http);
  const server = app.getHttpServer();
  answerClientErrors(server);
  // Idle connections stay open longer than a proxy's or a client's pool keeps them (65 s, as load balancers
  // expect), so that neither reuses a connection the server is closing at that very moment.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  closePromptly(server);
  app.use(
    helmet({
      // The API answers JSON; the one page it serves, Swagger UI at /api/docs, loads its own scripts and
      // styles and draws its logo from a data: URL. No upgrade-insecure-requests: over plain http (a laptop,
      // a test) it would send the page's own requests to an https port nobody listens on; TLS is the proxy's.
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:'],
          // The web app signs in at the identity provider: it fetches the provider's discovery and token endpoints.
          'connect-src': ["'self'", ...(config.identity.kind === 'openid' ? [new URL(config.identity.issuer).origin] : [])],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // No cross-origin browser access unless CORS_ORIGINS names the origins (socket.io follows the same list).
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, exposedHeaders: EXPOSED_HEADERS, allowedHeaders: ALLOWED_HEADERS, maxAge: 600 });
  }
  if (config.webDir) serveWebApp(app, config.webDir);
  app.useWebSocketAdapter(new LiveAdapter(app, config));
  const projections = app.get(ProjectionRunner);
  allProjections.forEach((projection) => projections.register(projection));
  const translator = app.get(Translator);
  app.use(requireJsonBodies(translator));
  app.useBodyParser('json', { limit: config.bodyLimitBytes, strict: true });
  app.use(limitBodyShape(translator));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Each error keeps the object it was found in: its rules' arguments say the message in Spanish.
      validationError: { target: true },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.enableShutdownHooks();
  const document = completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Cocrea API')
        .setDescription(
          'Event-sourced co-creation of open-government action plans: plans, working groups, proposals, consultations, ' +
            'comments and commitments, with a public, verifiable record. Live updates: socket.io namespace /live.',
        )
        .setVersion('1')
        .setLicense('MIT', 'https://opensource.org/license/mit')
        .addServer('/')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
};
