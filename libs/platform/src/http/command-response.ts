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
