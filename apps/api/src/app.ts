import 'reflect-metadata';
import { INestApplication, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuditModule } from '@cocrea/audit';
import { CoCreationModule } from '@cocrea/co-creation';
import { LiveAdapter, LiveModule } from '@cocrea/live';
import { AppConfig, PlatformModule, ProjectionRunner, errorBody, validationExceptionFactory } from '@cocrea/platform';
import { allProjections, liveRooms } from './projections';
import { HealthController } from './health.controller';

interface BodyRequest {
  headers: Record<string, string | string[] | undefined>;
  is(type: string): string | false | null;
}
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** The API speaks JSON: a body of any other media type is a 415, not an empty command. */
const requireJsonBodies = (request: BodyRequest, response: JsonResponse, next: () => void) => {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !request.is('application/json')) {
    response
      .status(415)
      .json(errorBody(415, `request body must be application/json, got ${request.headers['content-type'] ?? 'no content-type'}`));
    return;
  }
  next();
};

/** No command needs more than a few levels; a deeply nested body would only exhaust the validator's stack. */
const MAX_BODY_DEPTH = 32;

const depthExceeds = (value: unknown, limit: number): boolean => {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
};

const limitNesting = (request: { body?: unknown }, response: JsonResponse, next: () => void) => {
  if (depthExceeds(request.body, MAX_BODY_DEPTH)) {
    response.status(400).json(errorBody(400, `request body is nested deeper than ${MAX_BODY_DEPTH} levels`));
    return;
  }
  next();
};

export const createApp = async (config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> => {
  @Module({
    imports: [PlatformModule.forRoot(config), CoCreationModule, AuditModule, LiveModule.forRoot(liveRooms)],
    controllers: [HealthController],
  })
  class AppModule {}

  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  app.set('trust proxy', config.trustProxy);
  app.useWebSocketAdapter(new LiveAdapter(app, config));
  const projections = app.get(ProjectionRunner);
  allProjections.forEach((projection) => projections.register(projection));
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: config.bodyLimitBytes, strict: true });
  app.use(limitNesting);
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationExceptionFactory }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cocrea API')
      .setDescription('Event-sourced backend for open-government co-creation')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
};
