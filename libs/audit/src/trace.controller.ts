import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DecisionTraceDto } from './audit-responses.dto';
import { IdPipe, Public, ReadSide } from '@cocrea/platform';
import type { DecisionTrace } from './trace';
import { DecisionTraces } from './trace.reader';

/** The causal chain of a commitment, open to any authenticated user: accountability is public. */
@ApiTags('audit')
@Controller('api/audit/trace')
export class TraceController {
  private readonly traces: DecisionTraces;

  constructor(read: ReadSide) {
    this.traces = new DecisionTraces(read);
  }

  @Get(':commitmentId')
  @Public()
  @ApiOperation({
    summary:
      'Decision trace: proposal drafting and edits → consultations (tally at close) → acceptance → adoption → milestones and progress',
    description:
      'Every step names the event it comes from (position, eventId, streamId, revision, hash) so it can be checked against the log. ' +
      'Tallies are recounted from the ballot events that precede ConsultationClosed; voters are counted, never listed.',
  })
  @ApiOkResponse({ type: DecisionTraceDto })
  trace(@Param('commitmentId', IdPipe) commitmentId: string): Promise<DecisionTrace> {
    return this.traces.of(commitmentId);
  }
}
