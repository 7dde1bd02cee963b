import { Inject, Injectable, Logger } from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@cocrea/event-store';
import { AUDIT_KEY, type AuditKey } from './audit-key';

/** The deployment's signing keys, each introduced once, in the log itself: hash-chained like everything else. */
export const SIGNING_KEYS_STREAM = 'signingkeys-audit';

export interface SigningKeyIntroduced {
  keyId: string;
  /** PEM, SubjectPublicKeyInfo. */
  publicKey: string;
}

/** A key of the published list: it signs the checkpoints of positions from `from` on (until the next key's `from`). */
export interface PublishedKey extends SigningKeyIntroduced {
  from: number;
  introducedAt: string;
}

/**
 * The list of keys that ever signed this deployment's checkpoints. Every node signs with the deployment's one key
 * (AUDIT_PRIVATE_KEY_FILE); before its first checkpoint, a node whose key is not yet in the list introduces it, and a
 * rotated key is introduced the same way, so checkpoints signed before the rotation keep verifying against the key
 * of their time. A checkpoint therefore always comes after its key's introduction in the log.
 */
@Injectable()
export class SigningKeys {
  private readonly logger = new Logger('SigningKeys');
  private introduced?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
  ) {}

  /** Resolves once this node's key is in the list (introducing it the first time). */
  ensureIntroduced(): Promise<void> {
    this.introduced ??= this.introduce().catch((error: unknown) => {
      this.introduced = undefined;
      throw error;
    });
    return this.introduced;
  }

  private async introduce(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const events = await this.store.readStream(SIGNING_KEYS_STREAM);
      if (events.some((event) => (event.data as SigningKeyIntroduced).keyId === this.key.keyId)) return;
      try {
        const data: SigningKeyIntroduced = { keyId: this.key.keyId, publicKey: this.key.publicKeyPem };
        const { position } = await this.store.appendToStream(
          SIGNING_KEYS_STREAM,
          [{ type: 'SigningKeyIntroduced', data, metadata: { actorId: 'audit', actorName: 'Checkpoint signing' } }],
          { expectedRevision: events.length === 0 ? 'no-stream' : events.length },
        );
        this.logger.log(`checkpoints are signed with key ${this.key.keyId} from position ${position} on`);
        return;
      } catch (error) {
        // Another node introduced a key meanwhile: read the list again.
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 10) throw error;
      }
    }
  }

  async list(): Promise<PublishedKey[]> {
    const events = await this.store.readStream(SIGNING_KEYS_STREAM);
    return events.map((event) => ({ ...(event.data as SigningKeyIntroduced), from: event.position, introducedAt: event.recordedAt }));
  }

  /** The public keys by id, for checking checkpoints. */
  async byId(): Promise<Map<string, KeyObject>> {
    return new Map((await this.list()).map((key) => [key.keyId, createPublicKey(key.publicKey)]));
  }
}
