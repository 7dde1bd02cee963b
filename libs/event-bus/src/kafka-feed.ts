import { Logger } from '@nestjs/common';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import type { EventStore, RecordedEvent, Subscription, SubscriptionHandler } from '@cocrea/event-store';
import { ensureTopic } from './kafka-check';
import { KafkaSettings } from './kafka-config';

const PAGE = 1000;

/**
 * The global log as this node receives it from Kafka. It first catches up from the event store (the truth),
 * then follows the topic. Every position is delivered exactly once and in order: positions already delivered
 * are dropped (the relay publishes at least once), and a gap — a position Kafka skipped past, e.g. after the
 * relay restarted — is filled from the store before the event that revealed it.
 */
export class KafkaEventFeed {
  private readonly logger = new Logger('KafkaFeed');
  private readonly kafka: Kafka;

  constructor(
    private readonly store: EventStore,
    private readonly settings: KafkaSettings,
  ) {
    this.kafka = new Kafka({
      clientId: settings.clientId ?? `cocrea-node-${settings.nodeId}`,
      brokers: settings.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 3000 },
    });
  }

  subscribeToAll(after: number, handler: SubscriptionHandler, onError?: (error: unknown) => void): Subscription {
    let delivered = after;
    let stopped = false;
    let consumer: Consumer | undefined;

    const deliver = async (events: RecordedEvent[]) => {
      const fresh = events.filter((event) => event.position > delivered);
      if (fresh.length === 0) return;
      await handler(fresh);
      delivered = fresh[fresh.length - 1].position;
    };

    /** Everything the store has after `delivered`, up to `upTo` (exclusive of nothing: `upTo` included). */
    const fillFromStore = async (upTo = Number.MAX_SAFE_INTEGER) => {
      while (!stopped && delivered < upTo) {
        const page = (await this.store.readAll({ after: delivered, maxCount: PAGE })).filter((event) => event.position <= upTo);
        if (page.length === 0) return;
        await deliver(page);
      }
    };

    let wake: (() => void) | undefined;
    const follow = async (): Promise<unknown> => {
      await fillFromStore();
      if (stopped) return undefined;
      await ensureTopic(this.kafka, this.settings);
      if (stopped) return undefined;
      const current = this.kafka.consumer({ groupId: `cocrea-node-${this.settings.nodeId}` });
      consumer = current;
      // Resolves with the error when the consumer gives up for good (kafkajs restarts it itself on retriable errors).
      const crashed = new Promise<unknown>((resolve) => {
        wake = () => resolve(undefined);
        current.on(current.events.CRASH, (event) => {
          if (!event.payload.restart) resolve(event.payload.error);
        });
      });
      await current.connect();
      if (stopped) return undefined;
      await current.subscribe({ topic: this.settings.topic, fromBeginning: true });
      await current.run({
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch, heartbeat }) => {
          const events = batch.messages
            .map((message) => (message.value ? (JSON.parse(message.value.toString('utf8')) as RecordedEvent) : undefined))
            .filter((event): event is RecordedEvent => event !== undefined)
            .sort((a, b) => a.position - b.position);
          for (const event of events) {
            if (stopped) return;
            if (event.position <= delivered) continue;
            if (event.position > delivered + 1) await fillFromStore(event.position - 1);
            await deliver([event]);
          }
          await heartbeat();
        },
      });
      return crashed;
    };

    /** Follows the topic for as long as the subscription lives; when Kafka fails, starts over from `delivered`. */
    const run = async () => {
      for (let attempt = 1; !stopped; attempt++) {
        try {
          const error = await follow();
          if (stopped) return;
          this.logger.warn(`the Kafka consumer stopped at position ${delivered} (${String((error as Error)?.message ?? error)}); reconnecting`);
          attempt = 1;
        } catch (error) {
          if (stopped) return;
          if (attempt === 1) this.logger.warn(`cannot follow Kafka at position ${delivered} (${String((error as Error)?.message ?? error)}); retrying`);
        }
        await consumer?.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * attempt)));
      }
    };

    const running = run().catch((error) => {
      this.logger.error(`the Kafka feed stopped at position ${delivered}: ${String(error)}`);
      onError?.(error);
    });

    return {
      stop: async () => {
        stopped = true;
        wake?.();
        await consumer?.disconnect().catch(() => undefined);
        await running;
        // A consumer created while the first disconnect ran is the last one: close it too.
        await consumer?.disconnect().catch(() => undefined);
      },
    };
  }
}
