import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { AS_OF_MESSAGE, parseAsOf, parseInstant, type LogMoment } from '../projections/as-of';

/** Where in the log a document is as of, as the API documents it. */
export class LogMomentDto implements LogMoment {
  @ApiProperty({ description: 'the last log position the state includes' })
  position!: number;

  @ApiProperty({ type: String, nullable: true, description: 'when the event at that position was recorded' })
  time!: string | null;
}

/** A body or query field that must be an instant (see `parseInstant`). */
export const IsInstant = () =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => parseInstant(value) !== undefined,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be an ISO-8601 date, or date and time with a time zone, e.g. 2027-05-01T12:00:00Z`,
    },
  });

/** `?asOf=` of a GET that can answer as of an earlier moment. */
export class AsOfQuery {
  @ApiPropertyOptional({
    description:
      'the state as it was at this log position, or at this ISO-8601 time (the last position recorded at or before it). ' +
      'Beyond the head of the log: the current state. The answer then carries `asOf: { position, time }`.',
    example: '2017-05-01T12:00:00Z',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isAsOf',
    validator: { validate: (value) => parseAsOf(value) !== undefined, defaultMessage: () => String(AS_OF_MESSAGE) },
  })
  asOf?: string;
}
