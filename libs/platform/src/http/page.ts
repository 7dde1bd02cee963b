import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/** `?limit=&offset=` of a paged list: at most `limit` items (default 50, at most 200) after the first `offset`. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export interface PageResponse {
  setHeader(name: string, value: string): void;
}

/**
 * One page of a list, still a plain JSON array: `X-Total-Count` says how many there are in all, and `Link`
 * names the next page (`rel="next"`) while there is one, as GitHub's API does.
 */
export const page = <T>(items: readonly T[], query: PageQuery, response: PageResponse, path: string): T[] => {
  const limit = query.limit ?? DEFAULT_PAGE;
  const offset = query.offset ?? 0;
  response.setHeader('X-Total-Count', String(items.length));
  if (offset + limit < items.length) response.setHeader('Link', `<${path}?limit=${limit}&offset=${offset + limit}>; rel="next"`);
  return items.slice(offset, offset + limit);
};
