import { ApiProperty } from '@nestjs/swagger';
import type { AppendResult } from '@cocrea/event-store';

/** What every command answers: the id it acted on, the stream's revision and the global position. */
export class CommandResponse {
  @ApiProperty({ description: 'id of the resource the command acted on' })
  id!: string;
  @ApiProperty({ description: "the resource stream's revision after the command" })
  revision!: number;
  @ApiProperty({ description: 'global log position; pass it as ?minPosition= to read your write' })
  position!: number;
}

export const commandResponse = (id: string, result: Pick<AppendResult, 'revision' | 'position'>): CommandResponse => ({
  id,
  revision: result.revision,
  position: result.position,
});

/** The id part of a stream id `<category>-<id>`. */
export const idOfStream = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);
