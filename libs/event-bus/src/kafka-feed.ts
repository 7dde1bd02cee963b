import { Logger } from '@nestjs/common';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import type { EventStore, RecordedEvent, Subscription, SubscriptionHandler } from '@cocrea/event-store';
import { ensureTopic } from './kafka-check';
import { KafkaSettings } from './kafka-config';

const PAGE = 1000;
/** kafkajs's default is 30 s; the broker allows 6 s at least. */
export const SESSION_TIMEOUT_MS = 10_000;

class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/** The handler (this node's projections) refused events: unlike a Kafka or store error, retrying cannot help. */
class HandlerError extends Error {
  constructor(override readonly cause: unknown) {
    super(`the handler failed: ${String((cause as Error)?.message ?? cause)}`);
  }
}

const isHandlerError = (error: unknown): error is HandlerError => error instanceof HandlerError;

const parseEvent = (value: Buffer | null): RecordedEvent | undefined => {
  if (!value) return undefined;
  try {
    const event = JSON.parse(value.toString('utf8')) as RecordedEvent;
    return Number.isSafeInteger(event?.position) ? event : undefined;
  } catch {
    return undefined;
  }
};

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
    private readonly storePollMs = 1000,
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

    let lastDelivery = Date.now();
    const deliver = async (events: RecordedEvent[]) => {
      const fresh = events.filter((event) => event.position > delivered);
      if (fresh.length === 0) return;
      try {
        await handler(fresh);
      } catch (error) {
        throw new HandlerError(error);
      }
      delivered = fresh[fresh.length - 1].position;
      lastDelivery = Date.now();
    };

    // Deliveries from Kafka and from the store poll take turns: the handler never runs twice at once.
    let turn: Promise<unknown> = Promise.resolve();
    const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
      const next = turn.then(work, work);
      turn = next.catch(() => undefined);
      return next;
    };

    /** Everything the store has after `delivered`, up to `upTo` (exclusive of nothing: `upTo` included). */
    const fillFromStore = async (upTo = Number.MAX_SAFE_INTEGER) => {
      while (!stopped && delivered < upTo) {
        const page = (await this.store.readAll({ after: delivered, maxCount: PAGE })).filter((event) => event.position <= upTo);
        if (page.length === 0) return;
        await deliver(page);
      }
    };

    let wake: ((reason?: unknown) => void) | undefined;
    let failed: HandlerFailure | undefined;
    const follow = async (): Promise<unknown> => {
      await fillFromStore();
      if (stopped) return undefined;
      await ensureTopic(this.kafka, this.settings);
      if (stopped) return undefined;
      // This loop restarts a crashed consumer, never kafkajs: a restart kafkajs starts by itself is awaited by
      // nobody, so a stop (or our own reconnect) landing while it joins the group would leave it behind,
      // a second member of this node's group that outlives the subscription.
      const current = this.kafka.consumer({
        groupId: `cocrea-node-${this.settings.nodeId}`,
        // A consumer stopped while it was joining the group (a broker that just came back is slow to answer) can be
        // left in it by the coordinator, with no one heartbeating for it: it is evicted after this long.
        sessionTimeout: SESSION_TIMEOUT_MS,
        retry: { restartOnFailure: async () => false },
      });
      consumer = current;
      // Resolves with the error when the consumer crashes (then `run` starts a new one) or when woken.
      const crashed = new Promise<unknown>((resolve) => {
        wake = (reason?: unknown) => resolve(reason);
        current.on(current.events.CRASH, (event) => resolve(event.payload.error));
      });
      await current.connect();
      if (stopped) return undefined;
      await current.subscribe({ topic: this.settings.topic, fromBeginning: true });
      await current.run({
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch, heartbeat }) => {
          const events = batch.messages
            // A message that is not one of our events is skipped: the gap it leaves is filled from the store.
            .map((message) => parseEvent(message.value))
            .filter((event): event is RecordedEvent => event !== undefined)
            .sort((a, b) => a.position - b.position);
          try {
            await exclusive(async () => {
              for (const event of events) {
                if (stopped || failed) return;
                if (event.position <= delivered) continue;
                if (event.position > delivered + 1) await fillFromStore(event.position - 1);
                await deliver([event]);
              }
            });
          } catch (error) {
            // The handler (the projections) refused an event: retrying would loop on it forever. Stop and report.
            // A store read that failed while filling a gap is retried with the batch instead.
            if (!isHandlerError(error)) throw error;
            failed = new HandlerFailure(error.cause);
            wake?.(failed);
            return;
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
          if (error instanceof HandlerFailure) throw error.cause;
          this.logger.warn(
            `the Kafka consumer stopped at position ${delivered} (${String((error as Error)?.message ?? error)}); reconnecting`,
          );
          attempt = 1;
        } catch (error) {
          if (stopped) return;
          if (failed) {
            await consumer?.disconnect().catch(() => undefined);
            throw failed.cause;
          }
          if (attempt === 1)
            this.logger.warn(`cannot follow Kafka at position ${delivered} (${String((error as Error)?.message ?? error)}); retrying`);
        }
        await consumer?.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * attempt)));
      }
    };

    // Kafka is the fast path, not the only one: when nothing has arrived for a while (the relay or the broker is
    // down, a consumer group is still rebalancing), the node reads what the store has, so it never falls behind.
    const poll = setInterval(() => {
      if (stopped || failed || Date.now() - lastDelivery < this.storePollMs) return;
      lastDelivery = Date.now();
      exclusive(() => fillFromStore()).catch((error) => {
        if (isHandlerError(error)) {
          failed = new HandlerFailure(error.cause);
          wake?.(failed);
        }
      });
    }, this.storePollMs);
    poll.unref();

    const running = run().catch((error) => {
      this.logger.error(`the Kafka feed stopped at position ${delivered}: ${String(error)}`);
      onError?.(error);
    });

    return {
      stop: async () => {
        stopped = true;
        clearInterval(poll);
        wake?.();
        await consumer?.disconnect().catch(() => undefined);
        await running;
        // A consumer created while the first disconnect ran is the last one: close it too.
        await consumer?.disconnect().catch(() => undefined);
      },
    };
  }
}
