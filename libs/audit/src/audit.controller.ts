import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { AuditPageDto, AuditStreamDto } from './audit-responses.dto';
import { EVENT_STORE, EventStore, RecordedEvent } from '@cocrea/event-store';
import { Roles, t } from '@cocrea/platform';
import { AuditEventsQuery } from './audit.dto';

export interface AuditPage {
  events: RecordedEvent[];
  /** Pass as `after` to read the next page; equal to `after` when there is nothing more yet. */
  nextAfter: number;
  headPosition: number;
}

/**
 * The log itself, for auditors: every event with every field, its metadata (who, which command, why) and
 * its hash. Read from the event store, never from a read model.
 */
@ApiTags('audit')
@Controller('api/audit')
@Roles('auditor', 'admin')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @ApiOperation({ summary: 'The global log, a page at a time, every field (auditors, admins)' })
  @ApiOkResponse({ type: AuditPageDto, description: 'the global log in position order' })
  async events(@Query() query: AuditEventsQuery): Promise<AuditPage> {
    const after = query.after ?? 0;
    const [events, headPosition] = await Promise.all([
      this.store.readAll({ after, maxCount: query.limit ?? 100 }),
      this.store.headPosition(),
    ]);
    return { events, nextAfter: events.at(-1)?.position ?? after, headPosition };
  }

  @Get('streams/:streamId')
  @ApiOperation({ summary: 'One stream of the log, every field (auditors, admins)' })
  @ApiOkResponse({ type: AuditStreamDto })
  async stream(@Param('streamId') streamId: string): Promise<{ streamId: string; revision: number; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw new NotFoundException(t`stream ${streamId} not found`);
    return { streamId, revision: events[events.length - 1].revision, events };
  }
}
