import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlanExportDto } from './audit-responses.dto';
import { commitments } from '@cocrea/co-creation/commitments';
import { meetings, pollVotes } from '@cocrea/co-creation/meetings';
import { planById } from '@cocrea/co-creation/plans';
import { IdPipe, Public, ReadSide, ApiText } from '@cocrea/platform';
import { PlanExport, openDataMeeting, planExport, toCsv } from './open-data';

interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

/** A plan's commitments as open data, for OGP trackers, journalists and spreadsheets. Any authenticated user. */
@ApiTags('open data')
@Controller('api/plans')
export class OpenDataController {
  constructor(private readonly read: ReadSide) {}

  @Get(':id/export.json')
  @Public()
  @ApiOperation({
    summary: "The plan's commitments with milestones, completion and latest progress, and its meetings (JSON)",
    description:
      'meetings: each with its kind, dates, invited entities and organisations, agenda, attendance by sector (never names), ' +
      'the results of its closed polls (never who voted) and the agreements of its minutes.',
  })
  @ApiOkResponse({ type: PlanExportDto })
  exportJson(@Param('id', IdPipe) planId: string, @Res({ passthrough: true }) response: HeaderResponse): PlanExport {
    const data = this.export(planId);
    response.setHeader('Content-Disposition', `attachment; filename="plan-${planId}-commitments.json"`);
    const held = meetings(this.read, { planId }).map((meeting) => openDataMeeting(meeting, (pollId) => pollVotes(this.read, pollId)));
    return { ...data, meetings: held };
  }

  @Get(':id/export.csv')
  @Public()
  @ApiOperation({
    summary: "The plan's commitments as CSV (RFC 4180, UTF-8): one row per milestone, commitment fields repeated",
    description:
      'A commitment without milestones has one row with empty milestone cells. Themes are joined with "; ". ' +
      "A cell whose text starts with =, +, -, @, a tab or a carriage return gets a leading ' inside its quotes, so that " +
      'a spreadsheet shows it as text instead of running it as a formula; a plain number such as -5 is kept as it is.',
  })
  @ApiText('text/csv', 'RFC 4180, UTF-8, one row per milestone with the commitment repeated')
  exportCsv(@Param('id', IdPipe) planId: string, @Res({ passthrough: true }) response: HeaderResponse): string {
    const data = this.export(planId);
    // Set here, not with @Header: an unknown plan's 404 stays JSON.
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="plan-${planId}-commitments.csv"`);
    return toCsv(data);
  }

  private export(planId: string): PlanExport {
    // The position first: the documents read after it include at least what it says.
    const position = this.read.position;
    return planExport(planById(this.read, planId), commitments(this.read, planId), position);
  }
}
