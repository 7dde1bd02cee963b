import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@cocrea/event-store';
import { APP_CONFIG, type AppConfig } from '@cocrea/platform';
import { AUDIT_KEY, type AuditKey } from './audit-key';
import { GENESIS, type ChainLink } from './chain-verification';
import { signCheckpoint, type SignedCheckpoint } from './signed-checkpoint';
import { SigningKeys } from './signing-keys';

/** Where the checkpoints the server signs by itself are kept: in the log, so they travel with it (and over Kafka). */
export const CHECKPOINTS_STREAM = 'checkpoints-audit';

/** How often the signer looks at the head of the log. */
const LOOK_EVERY_MS = 2000;

/** The head of a log: the last event's position and hash. */
export const headOf = async (store: EventStore): Promise<ChainLink> => {
  const position = await store.headPosition();
  if (position === 0) return GENESIS;
  const [event] = await store.readAll({ after: position - 1, maxCount: 1 });
  return { position: event.position, hash: event.hash };
};

/**
 * Signs a checkpoint of the head every `checkpoints.everyEvents` events or `everyMinutes` minutes (whichever comes
 * first, and only when something but the last checkpoint was recorded since), and records it as `CheckpointSigned`:
 * anyone can keep them (`GET /api/audit/checkpoints`) and later prove that the log still extends them. With several
 * nodes, each may try; the append is conditioned on the stream, so one checkpoint is recorded per turn.
 */
@Injectable()
export class CheckpointSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeys,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.signIfDue()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`no checkpoint this time: ${String((error as Error)?.message ?? error)}`))
        .finally(() => (this.running = undefined));
    }, LOOK_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async list(): Promise<SignedCheckpoint[]> {
    return (await this.store.readStream(CHECKPOINTS_STREAM)).map((event) => event.data as SignedCheckpoint);
  }

  /** Signs and records a checkpoint when one is due; resolves whether this call recorded one. */
  async signIfDue(now = new Date()): Promise<boolean> {
    const [last] = await this.store.readStream(CHECKPOINTS_STREAM, { direction: 'backwards', maxCount: 1 });
    const head = await headOf(this.store);
    const previous = last?.data as SignedCheckpoint | undefined;
    // Nothing but the last checkpoint itself since it: nothing to sign.
    const since = head.position - (last?.position ?? 0);
    if (head.position === 0 || (last && since === 0)) return false;
    const dueByCount = head.position - (previous?.position ?? 0) >= this.config.checkpoints.everyEvents;
    // The first checkpoint is due by time that long after the first event.
    const from = previous?.at ?? (await this.store.readAll({ after: 0, maxCount: 1 }))[0]?.recordedAt ?? now.toISOString();
    const dueByTime = now.getTime() - Date.parse(from) >= this.config.checkpoints.everyMinutes * 60_000;
    if (!dueByCount && !dueByTime) return false;
    await this.keys.ensureIntroduced();
    const signedHead = await headOf(this.store);
    const checkpoint = signCheckpoint(signedHead, this.key.privateKey, now, this.key.keyId);
    try {
      await this.store.appendToStream(
        CHECKPOINTS_STREAM,
        [{ type: 'CheckpointSigned', data: checkpoint, metadata: { actorId: 'audit', actorName: 'Checkpoint signing' } }],
        { expectedRevision: last ? last.revision : 'no-stream' },
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false; // another node signed this turn
      throw error;
    }
  }
}
