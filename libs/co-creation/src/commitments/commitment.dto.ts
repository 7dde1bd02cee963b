import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { LowerCase } from '@cocrea/platform';
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
  @Matches(/\S/, { message: 'title must not be blank' })
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
  @Matches(/\S/, { message: 'note must not be blank' })
  note!: string;

  @ApiPropertyOptional({ example: 'https://example.org/progress-report.pdf', description: 'an http or https URL' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'evidenceUrl must be an http or https URL' },
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
