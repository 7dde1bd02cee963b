import type { PlanView } from './plan.projection';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CreatedViewDto } from '@cocrea/platform';
import { PLAN_PHASES, PlanPhase } from './plan.decider';

export class CreatePlanDto {
  @ApiProperty({ example: 'III Plan de Acción de Gobierno Abierto' })
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ example: 'CO', description: 'country name or ISO code' })
  @IsString()
  @Length(2, 100)
  country!: string;

  @ApiProperty({ example: '2017-07-01' })
  @IsISO8601({ strict: true })
  periodStart!: string;

  @ApiProperty({ example: '2019-06-30' })
  @IsISO8601({ strict: true })
  periodEnd!: string;

  @ApiProperty({
    type: [String],
    example: ['transparency', 'citizen participation'],
    description: 'at least one: working groups are formed per theme',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  themes!: string[];
}

export class ChangePlanPhaseDto {
  @ApiProperty({ enum: PLAN_PHASES })
  @IsIn(PLAN_PHASES)
  phase!: PlanPhase;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

/** A plan as the API answers it. */
export class PlanViewDto extends CreatedViewDto implements PlanView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  country!: string;
  @ApiProperty({ example: '2017-07-01' })
  periodStart!: string;
  @ApiProperty({ example: '2019-06-30' })
  periodEnd!: string;
  @ApiProperty({ type: [String] })
  themes!: string[];
  @ApiProperty({ enum: PLAN_PHASES })
  phase!: PlanPhase;
}
