import { BadRequestException, Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ChainReportDto, SignedCheckpointDto, PublishedKeyDto, PublicKeyDto } from './audit-responses.dto';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { EVENT_STORE, EventStore, RecordedEvent } from '@cocrea/event-store';
import { Public, Roles, ApiText, t } from '@cocrea/platform';
import { AUDIT_KEY, AuditKey } from './audit-key';
import { PublishedKey, SigningKeys } from './signing-keys';
import { CheckpointSigner, headOf } from './checkpoint-signer';
import { AuditExportQuery, AuditVerifyQuery } from './audit.dto';
import { CheckpointCheck, ChainLink, GENESIS, verifyLog } from './chain-verification';
import { WithheldStreams, exportLines, publicForm, readLogPages } from './log-export';
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

/** The folder of the repository (or the image) the server runs from: the nearest with a package.json. */
const projectRoot = (from: string): string => {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
};

let verifierText: string | undefined;
/** libs/audit/verifier/verifier.mjs, as `npm run build:verifier` wrote it. */
const standaloneVerifier = (): string =>
  (verifierText ??= readFileSync(join(projectRoot(__dirname), 'libs/audit/verifier/verifier.mjs'), 'utf8'));

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
    private readonly signer: CheckpointSigner,
  ) {}

  private head(): Promise<ChainLink> {
    return headOf(this.store);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the hash chain, and check a checkpoint against it (auditors, admins)' })
  @ApiOkResponse({ type: ChainReportDto })
  async verify(@Query() query: AuditVerifyQuery): Promise<ChainReport> {
    let checkpoint: PresentedCheckpoint | undefined;
    try {
      checkpoint = query.checkpoint === undefined ? undefined : parseCheckpoint(query.checkpoint);
    } catch (error) {
      if (error instanceof CheckpointFormatError) throw new BadRequestException(t`checkpoint ${error.text}`);
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
  @ApiOperation({ summary: 'The head of the log, signed' })
  @Public()
  @ApiOkResponse({ type: SignedCheckpointDto, description: 'keep it to prove later that the log still extends it' })
  async checkpoint(): Promise<SignedCheckpoint> {
    await this.keys.ensureIntroduced();
    return signCheckpoint(await this.head(), this.key.privateKey, new Date(), this.key.keyId);
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'The checkpoints the server signed by itself' })
  @Public()
  @ApiOkResponse({ type: [SignedCheckpointDto], description: 'oldest first; each is also in the log as CheckpointSigned' })
  checkpoints(): Promise<SignedCheckpoint[]> {
    return this.signer.list();
  }

  @Get('keys')
  @ApiOperation({ summary: "The deployment's signing keys, each from the position it signs from" })
  @Public()
  @ApiOkResponse({ type: [PublishedKeyDto] })
  signingKeys(): Promise<PublishedKey[]> {
    return this.keys.list();
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The current signing key' })
  @Public()
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): { publicKey: string } {
    return { publicKey: this.key.publicKeyPem };
  }

  @Get('export')
  @ApiOperation({ summary: 'The whole log as JSON Lines (auditors, admins)' })
  @ApiText(
    'application/x-ndjson',
    'JSON Lines: one event a line, every field, metadata with seals, hash; X-Previous-Hash: the hash the first line follows from',
  )
  async export(@Query() query: AuditExportQuery, @Res() response: ServerResponse): Promise<void> {
    await this.stream(query.after ?? 0, response, (page) => page);
  }

  @Get('verifier.mjs')
  @ApiOperation({ summary: 'The standalone verifier, for plain Node' })
  @Public()
  @ApiText(
    'text/javascript',
    'the standalone verifier: node verifier.mjs export.jsonl [--from-hash <hash>] [--checkpoint checkpoint.json --public-key key.pem]',
  )
  verifier(@Res() response: ServerResponse): void {
    response.statusCode = 200;
    response.setHeader('content-type', 'text/javascript; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="verifier.mjs"');
    response.end(standaloneVerifier());
  }

  @Get('public-export')
  @ApiOperation({ summary: 'The public record as JSON Lines, personal data and hidden comments withheld' })
  @Public()
  @ApiText('application/x-ndjson', 'JSON Lines: the public record, verifying against the same chain and checkpoints')
  async publicExport(@Query() query: AuditExportQuery, @Res() response: ServerResponse): Promise<void> {
    const upTo = await this.store.headPosition();
    // What is withheld now depends on events anywhere in the log: read it once through before the export.
    const withheld = new WithheldStreams();
    for await (const page of readLogPages(this.store, { upTo })) withheld.add(page);
    await this.stream(query.after ?? 0, response, (page) => page.map((event) => publicForm(event, withheld)), upTo);
  }

  private async stream(
    after: number,
    response: ServerResponse,
    shown: (page: RecordedEvent[]) => RecordedEvent[],
    head?: number,
  ): Promise<void> {
    const upTo = head ?? (await this.store.headPosition());
    const [previous] = after > 0 ? await this.store.readAll({ after: after - 1, maxCount: 1 }) : [];
    response.statusCode = 200;
    response.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('x-head-position', String(upTo));
    if (after === 0) response.setHeader('x-previous-hash', GENESIS.hash);
    else if (previous?.position === after) response.setHeader('x-previous-hash', previous.hash);
    try {
      for await (const page of readLogPages(this.store, { after, upTo })) {
        if (response.destroyed) return;
        if (!response.write(exportLines(shown(page)))) await drained(response);
      }
      response.end();
    } catch (error) {
      // Cut the transfer short: a file that merely stops would look like a shorter, intact export.
      response.destroy(error as Error);
    }
  }
}
