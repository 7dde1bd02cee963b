import type { ProposalHistoryEntry } from './proposal.queries';
import type { ProposalView } from './proposal.projection';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CreatedViewDto, LowerCase } from '@cocrea/platform';
import { BRANCHES, Branch, EDITABLE_FIELDS, EditableField, PROPOSAL_STATUSES, ProposalStatus } from './proposal.decider';

export const MAX_SECTION_LENGTH = 20_000;
export const MAX_TITLE_LENGTH = 300;

/** Present means a string: `null` is refused rather than silently ignored (which `@IsOptional` would do). */
const IfPresent = () => ValidateIf((_object, value) => value !== undefined);

/** The texts of a proposal, one per section of PROPOSAL_SECTIONS; any other name is refused by the whitelist. */
/** The texts a body gave, without the fields it left out. */
export const given = <T extends string>(texts: Partial<Record<T, string | undefined>>): Partial<Record<T, string>> =>
  Object.fromEntries(Object.entries(texts).filter(([, text]) => text !== undefined)) as Partial<Record<T, string>>;

export class ProposalSectionsDto {
  @ApiProperty({ example: 'Public contracts are hard to find and compare.' })
  @IsString()
  @Length(1, MAX_SECTION_LENGTH)
  problem!: string;

  @ApiPropertyOptional({ description: 'status quo / baseline' })
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  baseline?: string;

  @ApiProperty({ example: 'Publish every contract as open data.' })
  @IsString()
  @Length(1, MAX_SECTION_LENGTH)
  objective!: string;

  @ApiProperty({ example: 'An OCDS feed and a search portal.' })
  @IsString()
  @Length(1, MAX_SECTION_LENGTH)
  description!: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  ambition?: string;

  @ApiPropertyOptional({ description: 'draft milestones, as text' })
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  milestones?: string;
}

export class DraftProposalDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  @LowerCase()
  planId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  @LowerCase()
  workingGroupId!: string;

  @ApiProperty({ example: 'Open contracting' })
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  title!: string;

  @ApiProperty({ example: 'Colombia Compra Eficiente' })
  @IsString()
  @Length(1, 300)
  leadEntity!: string;

  @ApiProperty({ enum: BRANCHES })
  @IsIn(BRANCHES)
  branch!: Branch;

  @ApiProperty({ type: [String], example: ['transparency'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  themes!: string[];

  @ApiProperty({ type: ProposalSectionsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ProposalSectionsDto)
  sections!: ProposalSectionsDto;
}

/** The fields a PATCH may change: the title or any section; each present one must be a string. */
export class ProposalChangesDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  problem?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  baseline?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  objective?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  description?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  ambition?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(MAX_SECTION_LENGTH)
  milestones?: string;
}

export class EditProposalDto {
  @ApiProperty({ description: 'the proposal revision the edit was made on (the base)', minimum: 1 })
  @IsInt()
  @Min(1)
  expectedRevision!: number;

  @ApiProperty({ type: ProposalChangesDto, description: 'new texts by section name or `title`' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ProposalChangesDto)
  changes!: ProposalChangesDto;
}

export class ProposalDecisionDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IfPresent()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ListProposalsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  planId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  workingGroupId?: string;

  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES })
  @IsOptional()
  @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;
}

/** `?from=&to=` of a diff: revisions of the proposal stream, 1 ≤ from ≤ to ≤ the current revision. */
export class ProposalDiffQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'the revision compared from (default 1, the draft)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'the revision compared to (default the current revision)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to?: number;
}

/** A revision of the proposal: where it is in its stream and in the log, and when it was recorded. */
export class ProposalRevisionDto {
  @ApiProperty()
  revision!: number;
  @ApiProperty()
  position!: number;
  @ApiProperty({ description: 'when the event of this revision was recorded' })
  time!: string;
}

export class EditorDto {
  @ApiProperty({ type: String, nullable: true })
  id!: string | null;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
}

/** One edit of a field between the two revisions: who set which text, when, and where in the log. */
export class FieldEditDto extends ProposalRevisionDto {
  @ApiProperty({ type: EditorDto })
  actor!: EditorDto;
  @ApiProperty({ description: 'the text this edit set' })
  text!: string;
}

export class FieldChangeDto {
  @ApiProperty({ type: String, nullable: true, description: 'the text at `from` (null: the section was not written yet)' })
  before!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the text at `to`' })
  after!: string | null;
  @ApiProperty({ type: [FieldEditDto], description: 'every edit of this field after `from` up to `to`, oldest first' })
  edits!: FieldEditDto[];
}

export class ProposalDiffDto {
  @ApiProperty({ format: 'uuid' })
  proposalId!: string;
  @ApiProperty({ type: ProposalRevisionDto })
  from!: ProposalRevisionDto;
  @ApiProperty({ type: ProposalRevisionDto })
  to!: ProposalRevisionDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FieldChangeDto' },
    description: `by field (${EDITABLE_FIELDS.join(', ')}): only those whose text differs between the two revisions`,
  })
  changes!: Partial<Record<EditableField, FieldChangeDto>>;
}

/** Commands without a body still refuse unknown fields. */
export class NoBodyDto {}

export class ProposalSectionRevisionsDto implements Record<EditableField, number> {
  @ApiProperty()
  title!: number;
  @ApiProperty()
  problem!: number;
  @ApiProperty()
  baseline!: number;
  @ApiProperty()
  objective!: number;
  @ApiProperty()
  description!: number;
  @ApiProperty()
  ambition!: number;
  @ApiProperty()
  milestones!: number;
}

/** A proposal as the API answers it. */
/** The meeting agreement a draft or a milestone was started from. */
export class AgreementRefDto {
  @ApiProperty({ format: 'uuid' })
  meetingId!: string;
  @ApiProperty({ format: 'uuid' })
  agreementId!: string;
}

export class ProposalViewDto extends CreatedViewDto implements ProposalView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiPropertyOptional({ type: AgreementRefDto, description: 'the meeting agreement the draft was started from' })
  fromAgreement?: AgreementRefDto;
  @ApiProperty({ format: 'uuid' })
  planId!: string;
  @ApiProperty({ format: 'uuid' })
  workingGroupId!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  leadEntity!: string;
  @ApiProperty({ enum: BRANCHES })
  branch!: Branch;
  @ApiProperty({ type: [String] })
  themes!: string[];
  @ApiProperty({ type: ProposalSectionsDto })
  sections!: ProposalSectionsDto;
  @ApiProperty({
    type: ProposalSectionRevisionsDto,
    description: 'the revision at which the title and each section last changed: the base to send with a PATCH of them',
  })
  sectionRevisions!: ProposalSectionRevisionsDto;
  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status!: ProposalStatus;
  @ApiProperty({ type: String, nullable: true, description: 'the reason given when it was accepted, rejected or withdrawn' })
  statusReason!: string | null;
}

/** One event of a proposal's stream, or of another that mentions the proposal, as its history lists it. */
export class ProposalHistoryEntryDto implements ProposalHistoryEntry {
  @ApiProperty({
    example: 'proposal-0b6f9c1e-…',
    description: "the proposal's stream, or the stream of an event that mentions it (meeting-<id>: minutes with an agreement on it)",
  })
  streamId!: string;
  @ApiProperty({ description: 'the revision of streamId the event made' })
  revision!: number;
  @ApiProperty()
  position!: number;
  @ApiProperty({ example: 'ProposalSectionEdited' })
  type!: string;
  @ApiProperty({ type: EditorDto })
  actor!: EditorDto;
  @ApiProperty({ format: 'date-time' })
  time!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the event's data" })
  data!: unknown;
}
