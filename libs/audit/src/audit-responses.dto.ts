import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PublishedKey } from './signing-keys';
import type { SignedCheckpoint } from './signed-checkpoint';
import { AgreementTermsDto } from '@cocrea/co-creation/meetings';
import { TRACE_STAGES } from './trace';

const anyObject = { type: 'object', additionalProperties: true } as const;

/** An event as the log holds it: every field, metadata and hash. */
export class RecordedEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'proposal-3f2a…' })
  streamId!: string;
  @ApiProperty({ example: 'ProposalSectionEdited' })
  type!: string;
  @ApiProperty(anyObject)
  data!: unknown;
  @ApiProperty({ ...anyObject, description: 'actor, command and correlation ids; seals of sealed values under $sealed' })
  metadata!: Record<string, unknown>;
  @ApiProperty()
  revision!: number;
  @ApiProperty()
  position!: number;
  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [RecordedEventDto] })
  events!: RecordedEventDto[];
  @ApiProperty({ description: 'pass as ?after= for the next page' })
  nextAfter!: number;
  @ApiProperty()
  headPosition!: number;
}

export class AuditStreamDto {
  @ApiProperty()
  streamId!: string;
  @ApiProperty()
  revision!: number;
  @ApiProperty({ type: [RecordedEventDto] })
  events!: RecordedEventDto[];
}

export class CheckpointCheckDto {
  @ApiProperty()
  position!: number;
  @ApiProperty()
  hash!: string;
  @ApiProperty({ description: 'the log still holds this hash at this position' })
  extended!: boolean;
  @ApiPropertyOptional()
  reason?: string;
  @ApiPropertyOptional({ description: 'with a signed checkpoint: whether the key it names signed it' })
  signatureValid?: boolean;
}

export class ChainReportDto {
  @ApiProperty()
  ok!: boolean;
  @ApiProperty({ description: 'events whose hash was recomputed and matched' })
  checked!: number;
  @ApiPropertyOptional()
  firstBadPosition?: number;
  @ApiPropertyOptional()
  reason?: string;
  @ApiProperty()
  headPosition!: number;
  @ApiProperty()
  headHash!: string;
  @ApiPropertyOptional({ type: CheckpointCheckDto })
  checkpoint?: CheckpointCheckDto;
}

export class SignedCheckpointDto implements SignedCheckpoint {
  @ApiProperty()
  position!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  hash!: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) of signedPayload' })
  signature!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
  @ApiProperty({ example: '42:9f86d081…' })
  signedPayload!: string;
  @ApiPropertyOptional({ description: 'the key that signed it (GET /api/audit/keys)' })
  keyId?: string;
}

export class PublishedKeyDto implements PublishedKey {
  @ApiProperty()
  keyId!: string;
  @ApiProperty({ description: 'PEM, SubjectPublicKeyInfo' })
  publicKey!: string;
  @ApiProperty({ description: 'the position it signs from' })
  from!: number;
  @ApiProperty({ format: 'date-time' })
  introducedAt!: string;
}

export class PublicKeyDto {
  @ApiProperty({ description: 'PEM, SubjectPublicKeyInfo' })
  publicKey!: string;
}

export class TraceStepDto {
  @ApiProperty({
    enum: TRACE_STAGES,
    description: 'agreed: a meeting whose minutes hold an agreement on the proposal or the commitment (the step lists those agreements)',
  })
  stage!: string;
  @ApiProperty()
  position!: number;
  @ApiProperty({ format: 'uuid' })
  eventId!: string;
  @ApiProperty()
  streamId!: string;
  @ApiProperty()
  revision!: number;
  @ApiProperty()
  type!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
  @ApiProperty({ type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } })
  actor!: { id: string; name: string };
  @ApiProperty()
  hash!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'agreed: the meeting' })
  meetingId?: string;
  @ApiPropertyOptional({ type: [AgreementTermsDto], description: 'agreed: its agreements on the proposal or the commitment' })
  agreements?: AgreementTermsDto[];
}

export class DecisionTraceDto {
  @ApiProperty({ format: 'uuid' })
  commitmentId!: string;
  @ApiProperty({ format: 'uuid' })
  proposalId!: string;
  @ApiProperty({ format: 'uuid' })
  planId!: string;
  @ApiProperty({
    ...anyObject,
    description:
      'title, lead entity, who drafted, edits and editors, the consultations with their tallies, the meeting agreements, acceptance, adoption, progress',
  })
  summary!: Record<string, unknown>;
  @ApiProperty({ type: [TraceStepDto], description: 'every step in log order; each names its event in the log' })
  steps!: TraceStepDto[];
}

export class PlanExportDto {
  @ApiProperty(anyObject)
  plan!: Record<string, unknown>;
  @ApiProperty({ description: 'the log position the read models had reached' })
  asOfPosition!: number;
  @ApiProperty({ type: [Object], description: 'each commitment with lead entity, branch, milestones, completion and latest progress' })
  commitments!: unknown[];
  @ApiPropertyOptional({
    type: [Object],
    description: 'JSON only: each meeting with kind, dates, invited, agenda, attendance by sector, closed polls and agreements',
  })
  meetings?: unknown[];
}
