import 'reflect-metadata';
import { INestApplication, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CoCreationModule } from '@cocrea/co-creation';
import { AppConfig, PlatformModule, validationExceptionFactory } from '@cocrea/platform';
import { HealthController } from './health.controller';

export const createApp = async (config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> => {
  @Module({ imports: [PlatformModule.forRoot(config), CoCreationModule], controllers: [HealthController] })
  class AppModule {}

  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  app.useBodyParser('json', { limit: config.bodyLimitBytes, strict: true });
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
