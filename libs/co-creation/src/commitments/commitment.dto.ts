import { AgreementRefDto, BRANCHES, type Branch } from '../proposals';
import type { CommitmentView, MilestoneView, ProgressReportView } from './commitment.projection';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { LowerCase, StreamViewDto, t } from '@cocrea/platform';
import { COMPLETIONS, Completion } from './commitment.decider';

export class AdoptCommitmentDto {
  @ApiProperty({ format: 'uuid', description: 'the accepted proposal to adopt' })
  @IsUUID()
  @LowerCase()
  proposalId!: string;
}

export class AddMilestoneDto {
  @ApiProperty({ example: 'Publish procurement data in the Open Contracting Data Standard' })
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: String(t`title must not be blank`) })
  title!: string;

  @ApiPropertyOptional({ example: 'OCDS API and bulk downloads' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  deliverable?: string;

  @ApiProperty({ example: '2017-09-01', description: 'ISO 8601 date or date-time' })
  @IsISO8601({ strict: true })
  startDate!: string;

  @ApiProperty({ example: '2018-06-30', description: 'ISO 8601 date or date-time, not before startDate (422 otherwise)' })
  @IsISO8601({ strict: true })
  endDate!: string;
}

export class ReportProgressDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the milestone reported on; omit to report on the whole commitment' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  milestoneId?: string;

  @ApiProperty({ enum: COMPLETIONS })
  @IsIn(COMPLETIONS)
  completion!: Completion;

  @ApiProperty({ example: '80% of tenders are published with their awards.' })
  @IsString()
  @Length(1, 10_000)
  @Matches(/\S/, { message: String(t`note must not be blank`) })
  note!: string;

  @ApiPropertyOptional({ example: 'https://example.org/progress-report.pdf', description: 'an http or https URL' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: String(t`evidenceUrl must be an http or https URL`) },
  )
  evidenceUrl?: string;
}

export class CommitmentsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the commitments of this action plan' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  planId?: string;
}

/** A command that created a milestone or a progress report: `id` is the new milestone's or report's. */
export class FollowUpResponse {
  @ApiProperty({ description: 'id of the milestone or progress report created' })
  id!: string;
  @ApiProperty()
  commitmentId!: string;
  @ApiProperty({ description: "the commitment stream's revision after the command" })
  revision!: number;
  @ApiProperty({ description: 'global log position; pass it as ?minPosition= to read your write' })
  position!: number;
}

export class MilestoneViewDto implements MilestoneView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ type: String, nullable: true })
  deliverable!: string | null;
  @ApiProperty()
  startDate!: string;
  @ApiProperty()
  endDate!: string;
  @ApiProperty({ enum: COMPLETIONS, description: 'the completion of the latest progress report on this milestone' })
  completion!: Completion;
  @ApiProperty()
  addedBy!: string;
  @ApiProperty({ format: 'date-time' })
  addedAt!: string;
  @ApiPropertyOptional({ type: AgreementRefDto, description: 'the meeting agreement the milestone was started from' })
  fromAgreement?: AgreementRefDto;
}

export class ProgressReportViewDto implements ProgressReportView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  milestoneId!: string | null;
  @ApiProperty({ enum: COMPLETIONS })
  completion!: Completion;
  @ApiProperty()
  note!: string;
  @ApiProperty({ type: String, nullable: true })
  evidenceUrl!: string | null;
  @ApiProperty()
  reporterId!: string;
  @ApiProperty()
  reporterName!: string;
  @ApiProperty({ format: 'date-time' })
  reportedAt!: string;
  @ApiProperty()
  position!: number;
}

/** A commitment as the API answers it. */
export class CommitmentViewDto extends StreamViewDto implements CommitmentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  proposalId!: string;
  @ApiProperty({ description: 'the revision of the proposal adopted' })
  proposalRevision!: number;
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
  @ApiProperty({ enum: COMPLETIONS, description: 'the completion of the latest progress report' })
  completion!: Completion;
  @ApiProperty({ type: [MilestoneViewDto] })
  milestones!: MilestoneViewDto[];
  @ApiProperty({ type: [ProgressReportViewDto], description: 'every progress report, oldest first' })
  progress!: ProgressReportViewDto[];
  @ApiProperty()
  adoptedBy!: string;
  @ApiProperty({ format: 'date-time' })
  adoptedAt!: string;
}
