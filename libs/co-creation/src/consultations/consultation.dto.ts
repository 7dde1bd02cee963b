import type { ConsultationView } from './consultation.projection';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CreatedViewDto, IsInstant, LogMomentDto, LowerCase } from '@cocrea/platform';
import { CONSULTATION_STATUSES, ConsultationStatus, TALLY_VISIBILITIES, TallyVisibility } from './consultation.decider';

export const MAX_PROPOSALS_PER_CONSULTATION = 500;

export class ConsultationRulesDto {
  @ApiProperty({ minimum: 1, example: 3, description: 'at most the number of proposals consulted on' })
  @IsInt()
  @Min(1)
  @Max(MAX_PROPOSALS_PER_CONSULTATION)
  maxVotesPerParticipant!: number;

  @ApiProperty({ description: 'whether a participant may take a vote back while the consultation is open' })
  @IsBoolean()
  allowRetraction!: boolean;

  @ApiProperty({
    enum: TALLY_VISIBILITIES,
    description: 'live: votes per proposal always visible; turnout-only and after-close: only turnout until closed',
  })
  @IsIn(TALLY_VISIBILITIES)
  tallyVisibility!: TallyVisibility;
}

export class CreateConsultationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  @LowerCase()
  planId!: string;

  @ApiProperty({ example: 'Priorización de propuestas del III Plan' })
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'submitted proposals of the plan, each once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PROPOSALS_PER_CONSULTATION)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  @LowerCase()
  proposalIds!: string[];

  @ApiProperty({ type: ConsultationRulesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsultationRulesDto)
  rules!: ConsultationRulesDto;

  @ApiPropertyOptional({
    example: '2027-05-01T00:00:00Z',
    description: 'announced opening: the server opens the consultation then, unless a moderator opened it before',
  })
  @IsOptional()
  @IsInstant()
  opensAt?: string;

  @ApiPropertyOptional({
    example: '2027-05-21T00:00:00Z',
    description:
      'announced closing, in the future and after opensAt: the server closes the consultation then (open or paused), unless a moderator closed it before',
  })
  @IsOptional()
  @IsInstant()
  closesAt?: string;
}

export class ListConsultationsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  planId?: string;

  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES })
  @IsOptional()
  @IsIn(CONSULTATION_STATUSES)
  status?: ConsultationStatus;
}

export class ProposalResultDto {
  @ApiProperty({ format: 'uuid' })
  proposalId!: string;
  @ApiProperty()
  votes!: number;
}

export class ConsultationResultsDto {
  @ApiProperty({ format: 'uuid' })
  consultationId!: string;
  @ApiProperty({ enum: CONSULTATION_STATUSES })
  status!: ConsultationStatus;
  @ApiProperty({ enum: TALLY_VISIBILITIES })
  tallyVisibility!: TallyVisibility;
  @ApiProperty({ description: 'distinct participants with at least one counted vote' })
  turnout!: number;
  @ApiPropertyOptional({
    type: [ProposalResultDto],
    description:
      'votes per proposal, most voted first (ties in the order of the consultation). Absent while the rules hide it: ' +
      'before the close under turnout-only or after-close, except for moderators and admins.',
  })
  results?: ProposalResultDto[];
  @ApiProperty({ description: 'position of the last counted ballot event' })
  position!: number;
  @ApiPropertyOptional({ type: LogMomentDto, description: 'with `?asOf=`: the moment of the log these results are as of' })
  asOf?: LogMomentDto;
}

export class MyBallotDto {
  @ApiProperty({ description: 'the ballot id, <consultationId>.<participantId>' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  consultationId!: string;
  @ApiProperty({ type: [String], description: 'the proposals you vote for, in the order you voted' })
  votes!: string[];
  @ApiProperty({ description: 'votes you may still cast' })
  remaining!: number;
  @ApiProperty({ description: "your ballot's revision (0 before your first vote)" })
  revision!: number;
  @ApiProperty()
  position!: number;
}

/** A consultation as the API answers it. */
export class ConsultationViewDto extends CreatedViewDto implements ConsultationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  planId!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ type: [String], format: 'uuid' })
  proposalIds!: string[];
  @ApiProperty({ type: ConsultationRulesDto })
  rules!: ConsultationRulesDto;
  @ApiPropertyOptional({ format: 'date-time', description: 'announced opening' })
  opensAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'announced closing' })
  closesAt?: string;
  @ApiPropertyOptional({ enum: ['secret'], description: 'secret: ballots name voters by pseudonym only' })
  ballots?: 'secret';
  @ApiProperty({ enum: CONSULTATION_STATUSES })
  status!: ConsultationStatus;
  @ApiPropertyOptional({ format: 'date-time' })
  openedAt?: string;
  @ApiPropertyOptional()
  openedPosition?: number;
  @ApiPropertyOptional({ format: 'date-time' })
  closedAt?: string;
  @ApiPropertyOptional({ description: 'the tally counts exactly the votes before this position' })
  closedPosition?: number;
}
