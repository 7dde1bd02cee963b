import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const MAX_PAGE = 1000;

export class AuditEventsQuery {
  @ApiPropertyOptional({ description: 'events strictly after this global position', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({ description: `page size, at most ${MAX_PAGE}`, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export class AuditExportQuery {
  @ApiPropertyOptional({ description: 'events strictly after this global position', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;
}

export class AuditVerifyQuery {
  @ApiPropertyOptional({
    description:
      'an earlier checkpoint that the log must still extend: "<position>:<hash>", or the JSON of GET /api/audit/checkpoint ' +
      '(its signature is then checked against the server key)',
    example: '1500:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  @IsOptional()
  @IsString()
  checkpoint?: string;
}
