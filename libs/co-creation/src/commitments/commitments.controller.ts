import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { AsOfQuery, CommandContext, CommandHandler, CommandResponse, IdPipe, Public, ReadSide, Roles, Sender } from '@cocrea/platform';
import { addMilestone, adoptCommitment, reportProgress } from './commitment.commands';
import {
  AddMilestoneDto,
  AdoptCommitmentDto,
  CommitmentViewDto,
  CommitmentsQueryDto,
  FollowUpResponse,
  ReportProgressDto,
} from './commitment.dto';
import { CommitmentView } from './commitment.projection';
import { commitmentById, commitmentAsOf, commitments } from './commitment.queries';

@ApiTags('commitments')
@Controller('api/commitments')
export class CommitmentsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
  ) {}

  @Post()
  @Roles('moderator', 'admin')
  @ApiOperation({
    summary: 'Adopt an accepted proposal as a commitment',
    description:
      'The commitment id is derived from the proposal id, so a proposal is adopted at most once: a second adoption, ' +
      'even a concurrent one, is refused with 422 commitment-exists.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  adopt(@Body() body: AdoptCommitmentDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return adoptCommitment(this.commands, body.proposalId, context);
  }

  @Post(':id/milestones')
  @Roles('member', 'moderator', 'admin')
  @ApiOperation({ summary: 'Add a milestone (moderators, admins, leads of the working group)' })
  @ApiCreatedResponse({ type: FollowUpResponse })
  addMilestone(
    @Param('id', IdPipe) commitmentId: string,
    @Body() body: AddMilestoneDto,
    @Sender() context: CommandContext,
  ): Promise<FollowUpResponse> {
    return addMilestone(this.commands, commitmentId, body, context);
  }

  @Post(':id/progress')
  @Roles('member', 'moderator', 'admin')
  @ApiOperation({ summary: 'Report progress on the commitment or one of its milestones (moderators, admins, leads of the working group)' })
  @ApiCreatedResponse({ type: FollowUpResponse })
  reportProgress(
    @Param('id', IdPipe) commitmentId: string,
    @Body() body: ReportProgressDto,
    @Sender() context: CommandContext,
  ): Promise<FollowUpResponse> {
    return reportProgress(this.commands, commitmentId, body, context);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Commitments, in adoption order, optionally of one plan' })
  @ApiOkResponse({ type: [CommitmentViewDto] })
  list(@Query() query: CommitmentsQueryDto): CommitmentView[] {
    return commitments(this.read, query.planId);
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    summary: 'A commitment with its milestones (and their latest completion), progress reports and overall completion',
    description: 'With `?asOf=` (a log position or an ISO-8601 time): as it was then, with `asOf: { position, time }`.',
  })
  @ApiOkResponse({ type: CommitmentViewDto })
  get(@Param('id', IdPipe) commitmentId: string, @Query() query: AsOfQuery) {
    return query.asOf === undefined ? commitmentById(this.read, commitmentId) : commitmentAsOf(this.read, commitmentId, query.asOf);
  }
}
