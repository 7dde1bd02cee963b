import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kafka, Message, Producer, logLevel } from 'kafkajs';
import type { EventStore, RecordedEvent, Subscription } from '@cocrea/event-store';
import { ensureTopic } from './kafka-check';
import { HEADER_EVENT_ID, HEADER_POSITION, HEADER_TYPE, KafkaSettings } from './kafka-config';

class RelayStopping extends Error {}

/** Below the broker's default message.max.bytes (1 MB): larger batches are split, in order, into several requests. */
const MAX_REQUEST_BYTES = 768 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes every committed event of the global log to the Kafka topic, in position order, with the
 * idempotent producer and acks from all in-sync replicas. The last position Kafka confirmed is kept in a
 * checkpoint file: after a crash the relay resumes from it, so an event may be published twice (at least
 * once) but never skipped; consumers drop positions they have already applied.
 * While Kafka is unreachable the relay waits and retries: commands are still accepted, the store is the truth.
 */
export class KafkaRelay {
  private readonly logger = new Logger('KafkaRelay');
  private readonly kafka: Kafka;
  private producer?: Producer;
  private subscription?: Subscription;
  private stopping = false;
  private confirmed = 0;

  constructor(
    private readonly store: EventStore,
    private readonly settings: KafkaSettings,
    private readonly checkpointFile: string,
  ) {
    this.kafka = new Kafka({
      clientId: settings.clientId ?? `cocrea-relay-${settings.nodeId}`,
      brokers: settings.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
    });
  }

  /** The last position Kafka confirmed, as recorded in the checkpoint file. */
  get position(): number {
    return this.confirmed;
  }

  async start(): Promise<void> {
    this.confirmed = this.readCheckpoint();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.connectWithRetry();
    if (this.stopping) return;
    this.follow(1);
    this.logger.log(`relaying the log to ${this.settings.topic} from position ${this.confirmed}`);
  }

  /** Follows the log from the last confirmed position; if reading the store fails, starts over after a pause. */
  private follow(attempt: number): void {
    if (this.stopping) return;
    this.subscription = this.store.subscribeToAll(
      this.confirmed,
      (events) => this.publish(events),
      (error) => {
        if (this.stopping || error instanceof RelayStopping) return;
        this.logger.warn(`reading the log failed at position ${this.confirmed} (${String((error as Error)?.message ?? error)}); resuming`);
        setTimeout(() => this.follow(attempt + 1), Math.min(5000, 250 * attempt)).unref();
      },
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async connectWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await ensureTopic(this.kafka, this.settings);
        await this.producer!.connect();
        return;
      } catch (error) {
        if (attempt === 1) this.logger.warn(`Kafka unreachable (${String((error as Error).message)}); retrying`);
        await sleep(Math.min(5000, 250 * attempt));
      }
    }
  }

  /** Publishes a batch of the log in requests that stay under the broker's request size, in order. */
  private async publish(events: RecordedEvent[]): Promise<void> {
    let request: Message[] = [];
    let bytes = 0;
    for (const event of events) {
      const message = {
        key: event.streamId,
        value: JSON.stringify(event),
        headers: { [HEADER_POSITION]: String(event.position), [HEADER_TYPE]: event.type, [HEADER_EVENT_ID]: event.id },
      };
      const size = Buffer.byteLength(message.value) + Buffer.byteLength(message.key) + 128;
      if (request.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
        await this.send(request, event.position - 1);
        request = [];
        bytes = 0;
      }
      request.push(message);
      bytes += size;
    }
    if (request.length > 0) await this.send(request, events[events.length - 1].position);
  }

  /** Sends messages and waits for Kafka's confirmation, retrying for as long as it takes. */
  private async send(messages: Message[], lastPosition: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopping) throw new RelayStopping();
      try {
        await this.producer!.send({ topic: this.settings.topic, acks: -1, messages });
        break;
      } catch (error) {
        if (attempt === 1)
          this.logger.warn(`Kafka did not confirm up to position ${lastPosition}: ${String((error as Error).message)}; retrying`);
        await sleep(Math.min(5000, 200 * attempt));
      }
    }
    this.confirmed = lastPosition;
    this.writeCheckpoint(this.confirmed);
  }

  private readCheckpoint(): number {
    if (!existsSync(this.checkpointFile)) return 0;
    const position = Number(readFileSync(this.checkpointFile, 'utf8').trim());
    return Number.isSafeInteger(position) && position >= 0 ? position : 0;
  }

  /** Write-then-rename, so a crash leaves either the old checkpoint or the new one, never half of one. */
  private writeCheckpoint(position: number): void {
    mkdirSync(dirname(this.checkpointFile), { recursive: true });
    const scratch = `${this.checkpointFile}.tmp`;
    writeFileSync(scratch, String(position));
    renameSync(scratch, this.checkpointFile);
  }
}
