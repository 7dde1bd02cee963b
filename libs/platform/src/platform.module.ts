import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { EVENT_STORE, EventStore } from '@cocrea/event-store';
import { loadKafka, storeFedBy } from '@cocrea/event-bus';
import type { KafkaRelay } from '@cocrea/event-bus/kafka';
import { AuthGuard } from './auth/auth.guard';
import { TOKEN_VERIFIER, tokenVerifierFor } from './auth/token-verifier';
import { CommandHandler } from './commands/command-handler';
import { ReadSide } from './queries/read-side';
import { APP_CONFIG, AppConfig, dataFile } from './config';
import { ErrorFilter } from './http/errors';
import type { Catalogue } from './i18n/text';
import { Translator } from './i18n/translator';
import { platformMessages } from './i18n/messages.es';
import { releaseDataDir } from './data-dir-lock';
import { Metrics } from './observability/metrics';
import { WriteLimitGuard } from './http/write-limits.guard';
import { EveryRouteDeclaresAccess, KnownQueryGuard } from './http/route-rules';
import { MinPositionInterceptor } from './http/min-position.interceptor';
import { ProjectionRunner } from './projections/projection-runner';
import { READ_MODELS, READ_MODEL_STORE, type ReadModelStore, ServingReadModels } from './projections/read-models';
import { openEventStore } from './event-store.factory';

export const RELAY_CHECKPOINT_FILE = 'relay.checkpoint';
const KAFKA_RELAY = Symbol('KAFKA_RELAY');

export { EVENTS_FILE } from './event-store.factory';
export const READ_MODELS_FILE = 'read-models.db';

/**
 * The event store, the read models, the projection runner and the HTTP edge (auth, errors,
 * read-your-writes), shared by every bounded context.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap, OnApplicationShutdown {
  /** `catalogues`: Spanish for the messages of the platform's users (features, audit, live). */
  static forRoot(config: AppConfig, catalogues: readonly Catalogue[] = []): DynamicModule {
    return {
      module: PlatformModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Translator, useValue: new Translator([platformMessages, ...catalogues], config.language) },
        Metrics,
        {
          provide: EVENT_STORE,
          useFactory: (metrics: Metrics) => openEventStore(config, { onCommit: metrics.onCommit }),
          inject: [Metrics],
        },
        { provide: ServingReadModels, useFactory: () => new ServingReadModels(dataFile(config, READ_MODELS_FILE)) },
        { provide: READ_MODELS, useExisting: ServingReadModels },
        { provide: READ_MODEL_STORE, useExisting: ServingReadModels },
        {
          // With Kafka, this node's projections (and so its live gateway) follow the topic; without, the store.
          provide: ProjectionRunner,
          useFactory: async (store: EventStore, readModels: ReadModelStore) => {
            const bus = config.eventBus;
            if (bus.kind === 'inprocess') return new ProjectionRunner(store, readModels);
            const { KafkaEventFeed, assertKafkaReachable } = await loadKafka();
            await assertKafkaReachable(bus.brokers);
            return new ProjectionRunner(storeFedBy(store, new KafkaEventFeed(store, bus)), readModels);
          },
          inject: [EVENT_STORE, READ_MODEL_STORE],
        },
        {
          provide: KAFKA_RELAY,
          useFactory: async (store: EventStore) => {
            const bus = config.eventBus;
            if (bus.kind !== 'kafka' || !bus.relay) return undefined;
            const { KafkaRelay } = await loadKafka();
            return new KafkaRelay(store, bus, dataFile(config, RELAY_CHECKPOINT_FILE));
          },
          inject: [EVENT_STORE],
        },
        { provide: TOKEN_VERIFIER, useFactory: () => tokenVerifierFor(config) },
        CommandHandler,
        ReadSide,
        // In this order: the write limits count the user the AuthGuard names.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: WriteLimitGuard },
        { provide: APP_GUARD, useClass: KnownQueryGuard },
        EveryRouteDeclaresAccess,
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
      ],
      exports: [
        APP_CONFIG,
        Translator,
        Metrics,
        TOKEN_VERIFIER,
        EVENT_STORE,
        ServingReadModels,
        READ_MODELS,
        READ_MODEL_STORE,
        ProjectionRunner,
        CommandHandler,
        ReadSide,
      ],
    };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly projections: ProjectionRunner,
    @Inject(KAFKA_RELAY) private readonly relay: KafkaRelay | undefined,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    metrics.readFrom({
      head: () => store.headPosition(),
      checkpoints: () => projections.checkpoints(),
      relayed: () => relay?.position,
    });
  }

  /** Projections registered in the contexts' onModuleInit start once every module is ready. */
  async onApplicationBootstrap(): Promise<void> {
    this.projections.start();
    // The relay waits for Kafka as long as it takes; the API serves meanwhile (commands are recorded in the store).
    void this.relay?.start().catch((error) => new Logger('KafkaRelay').error(String(error)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.projections.stop();
    await this.store.close();
    this.readModels.close();
    releaseDataDir(this.config.dataDir);
  }
}
