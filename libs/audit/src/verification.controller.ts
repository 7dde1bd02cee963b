import { BadRequestException, Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { EVENT_STORE, EventStore } from '@cocrea/event-store';
import { Public, Roles } from '@cocrea/platform';
import { AUDIT_KEY, AuditKey } from './audit-key';
import { PublishedKey, SigningKeys } from './signing-keys';
import { AuditExportQuery, AuditVerifyQuery } from './audit.dto';
import { CheckpointCheck, ChainLink, GENESIS, verifyLog } from './chain-verification';
import { exportLines, readLogPages } from './log-export';
import {
  CheckpointFormatError,
  PresentedCheckpoint,
  SignedCheckpoint,
  checkpointSignedBy,
  parseCheckpoint,
  signCheckpoint,
} from './signed-checkpoint';

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBadPosition?: number;
  reason?: string;
  headPosition: number;
  /** The hash stored with the head event (what a checkpoint taken now would sign). */
  headHash: string;
  checkpoint?: CheckpointCheck & { signatureValid?: boolean };
}

/** Resolves once the client has taken what was written, or has gone away. */
const drained = (response: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });

/**
 * Tamper evidence for auditors: recompute the hash chain, sign the head so that it can be held against the log
 * later, and export the log for verification without the server (`npm run audit -- verify`).
 */
@ApiTags('audit')
@Controller('api/audit')
@Roles('auditor', 'admin')
export class VerificationController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
    private readonly keys: SigningKeys,
  ) {}

  private async head(): Promise<ChainLink> {
    const position = await this.store.headPosition();
    if (position === 0) return GENESIS;
    const [event] = await this.store.readAll({ after: position - 1, maxCount: 1 });
    return { position: event.position, hash: event.hash };
  }

  @Get('verify')
  @ApiOkResponse({
    description:
      '{ ok, checked, firstBadPosition?, reason?, headPosition, headHash, checkpoint? }: the hash chain recomputed from ' +
      'position 1 to the head; with ?checkpoint=, whether the log still holds that hash at that position',
  })
  async verify(@Query() query: AuditVerifyQuery): Promise<ChainReport> {
    let checkpoint: PresentedCheckpoint | undefined;
    try {
      checkpoint = query.checkpoint === undefined ? undefined : parseCheckpoint(query.checkpoint);
    } catch (error) {
      if (error instanceof CheckpointFormatError) throw new BadRequestException(`checkpoint ${error.message}`);
      throw error;
    }
    const head = await this.head();
    const result = await verifyLog(readLogPages(this.store, { upTo: head.position }), { checkpoint });
    const report: ChainReport = {
      ok: result.ok,
      checked: result.checked,
      ...(result.firstBadPosition === undefined ? {} : { firstBadPosition: result.firstBadPosition, reason: result.reason }),
      headPosition: head.position,
      headHash: head.hash,
    };
    if (!checkpoint || !result.checkpoint) return report;
    if (checkpoint.signature === undefined) return { ...report, checkpoint: result.checkpoint };
    // A checkpoint presented with its signature must also be one this deployment signed, with the key it names.
    const signatureValid = checkpointSignedBy(checkpoint, await this.keys.byId());
    return { ...report, ok: report.ok && signatureValid, checkpoint: { ...result.checkpoint, signatureValid } };
  }

  @Get('checkpoint')
  @Public()
  @ApiOkResponse({
    description:
      '{ position, hash, signature, at, signedPayload }: the head of the log, signed with Ed25519 (base64) over ' +
      'signedPayload = "<position>:<hash>"; keep it to prove later that the log still extends it',
  })
  async checkpoint(): Promise<SignedCheckpoint> {
    await this.keys.ensureIntroduced();
    return signCheckpoint(await this.head(), this.key.privateKey, new Date(), this.key.keyId);
  }

  @Get('keys')
  @Public()
  @ApiOkResponse({
    description:
      "[{ keyId, publicKey, from, introducedAt }]: every key that signs or signed this deployment's checkpoints (Ed25519, PEM), " +
      'each from the log position at which it was introduced; a checkpoint names its key by keyId',
  })
  signingKeys(): Promise<PublishedKey[]> {
    return this.keys.list();
  }

  @Get('public-key')
  @Public()
  @ApiOkResponse({ description: '{ publicKey }: the Ed25519 key that verifies checkpoints (PEM, SubjectPublicKeyInfo)' })
  publicKey(): { publicKey: string } {
    return { publicKey: this.key.publicKeyPem };
  }

  @Get('export')
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description:
      'the log after `after` up to the head at the time of the request, as JSON Lines: one event a line with every ' +
      'field, metadata and hash. Header X-Previous-Hash: the hash the first line follows from (for --from-hash).',
  })
  async export(@Query() query: AuditExportQuery, @Res() response: ServerResponse): Promise<void> {
    const after = query.after ?? 0;
    const upTo = await this.store.headPosition();
    const [previous] = after > 0 ? await this.store.readAll({ after: after - 1, maxCount: 1 }) : [];
    response.statusCode = 200;
    response.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('x-head-position', String(upTo));
    if (after === 0) response.setHeader('x-previous-hash', GENESIS.hash);
    else if (previous?.position === after) response.setHeader('x-previous-hash', previous.hash);
    try {
      for await (const page of readLogPages(this.store, { after, upTo })) {
        if (response.destroyed) return;
        if (!response.write(exportLines(page))) await drained(response);
      }
      response.end();
    } catch (error) {
      // Cut the transfer short: a file that merely stops would look like a shorter, intact export.
      response.destroy(error as Error);
    }
  }
}
