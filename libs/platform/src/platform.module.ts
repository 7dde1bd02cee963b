import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@cocrea/event-store';
import { AuthGuard } from './auth/auth.guard';
import { CommandHandler } from './commands/command-handler';
import { APP_CONFIG, AppConfig, dataFile } from './config';
import { ErrorFilter } from './http/errors';
import { MinPositionInterceptor } from './http/min-position.interceptor';
import { ProjectionRunner } from './projections/projection-runner';
import { ReadModelDatabase } from './projections/read-models';

export const EVENTS_FILE = 'events.db';
export const READ_MODELS_FILE = 'read-models.db';

/**
 * The event store, the read models, the projection runner and the HTTP edge (auth, errors,
 * read-your-writes), shared by every bounded context.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap, OnApplicationShutdown {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: EVENT_STORE,
          useFactory: () =>
            new SqliteEventStore({ filename: dataFile(config, EVENTS_FILE), synchronous: config.sqliteSynchronous }),
        },
        { provide: ReadModelDatabase, useFactory: () => new ReadModelDatabase(dataFile(config, READ_MODELS_FILE)) },
        {
          provide: ProjectionRunner,
          useFactory: (store: EventStore, readModels: ReadModelDatabase) => new ProjectionRunner(store, readModels),
          inject: [EVENT_STORE, ReadModelDatabase],
        },
        CommandHandler,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
      ],
      exports: [APP_CONFIG, EVENT_STORE, ReadModelDatabase, ProjectionRunner, CommandHandler],
    };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModelDatabase,
    private readonly projections: ProjectionRunner,
  ) {}

  /** Projections registered in the contexts' onModuleInit start once every module is ready. */
  onApplicationBootstrap(): void {
    this.projections.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.store.close();
    this.readModels.close();
  }
}
