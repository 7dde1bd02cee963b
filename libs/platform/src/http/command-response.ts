import { ApiProperty } from '@nestjs/swagger';
import type { Acknowledgement } from '../commands/command-handler';

/** What every command answers: the id it acted on, the stream's revision and the global position. */
export class CommandResponse implements Acknowledgement {
  @ApiProperty({ description: 'id of the resource the command acted on' })
  id!: string;
  @ApiProperty({ description: "the resource stream's revision after the command" })
  revision!: number;
  @ApiProperty({ description: 'global log position; pass it as ?minPosition= to read your write' })
  position!: number;
}

/** What every read model document says of its stream: when it last changed, its revision and its last position. */
export class StreamViewDto {
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  @ApiProperty({ description: "the stream's revision" })
  revision!: number;
  @ApiProperty({ description: 'log position of its last event (for ?minPosition=)' })
  position!: number;
}

/** A document of a stream someone created: who, and when. */
export class CreatedViewDto extends StreamViewDto {
  @ApiProperty({ description: 'who created it (user id)' })
  createdBy!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
