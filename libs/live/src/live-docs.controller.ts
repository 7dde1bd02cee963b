import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Public, type LiveRooms } from '@cocrea/platform';
import { asyncApiDocument } from './asyncapi';
import { MAX_EDITING_LENGTH, MAX_PRESENCE_USERS, MAX_ROOMS_PER_SOCKET } from './live.gateway';
import { LIVE_ROOMS } from './rooms';

/** The live protocol described for machines, as /api/docs-json describes HTTP. */
@Controller('api/docs')
export class LiveDocsController {
  private readonly document: ReturnType<typeof asyncApiDocument>;

  constructor(@Inject(LIVE_ROOMS) rooms: readonly LiveRooms[]) {
    this.document = asyncApiDocument(rooms, {
      maxRooms: MAX_ROOMS_PER_SOCKET,
      maxEditing: MAX_EDITING_LENGTH,
      maxUsers: MAX_PRESENCE_USERS,
    });
  }

  @Get('asyncapi.json')
  @Public()
  @ApiExcludeEndpoint()
  asyncapi() {
    return this.document;
  }
}
