import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, StreamCondition } from '@cocrea/event-store';
import {
  Actor,
  AsOfQuery,
  Command,
  CommandContext,
  CommandHandler,
  CommandOutcome,
  CommandResponse,
  IdPipe,
  LogMoment,
  ReadModelDatabase,
  Roles,
  commandResponse,
  found,
  idOfStream,
  isModerator,
  streamDocumentAsOf,
} from '@cocrea/platform';
import { proposalDecider, proposalStream } from '../proposals/proposal.decider';
import { workingGroupDecider, workingGroupStream } from '../working-groups/working-group.decider';
import { Commitment, CommitmentCommand, Reporter, commitmentDecider, commitmentIdOf, commitmentStream } from './commitment.decider';
import { AddMilestoneDto, AdoptCommitmentDto, CommitmentsQueryDto, FollowUpResponse, ReportProgressDto } from './commitment.dto';
import { COMMITMENTS, CommitmentView, commitmentProjection } from './commitment.projection';

@ApiTags('commitments')
@ApiBearerAuth()
@Controller('api/commitments')
export class CommitmentsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly readModels: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
  async adopt(@Body() body: AdoptCommitmentDto, @Command() context: CommandContext): Promise<CommandResponse> {
    const { proposalId } = body;
    const commitmentId = commitmentIdOf(proposalId);
    // Not `creates`: a concurrent adoption that loses the race is retried on fresh state and refused by the decider.
    const result = await this.commands.handle(
      commitmentStream(commitmentId),
      commitmentDecider,
      async (state) => {
        const proposal = await this.commands.load(proposalStream(proposalId), proposalDecider);
        const command: CommitmentCommand = {
          type: 'AdoptCommitment',
          data: { commitmentId, proposalId },
          proposal: proposal.state,
          proposalRevision: proposal.revision,
        };
        // Adopted only if the proposal is still as it was read (still accepted) when the adoption commits.
        return {
          events: commitmentDecider.decide(command, state),
          conditions: [{ streamId: proposalStream(proposalId), revision: proposal.revision }],
        };
      },
      context,
    );
    return commandResponse(commitmentId, result);
  }

  @Post(':id/milestones')
  @ApiOperation({ summary: 'Add a milestone (moderators, admins, leads of the working group)' })
  @ApiCreatedResponse({ type: FollowUpResponse })
  async addMilestone(
    @Param('id', IdPipe) commitmentId: string,
    @Body() body: AddMilestoneDto,
    @Command() context: CommandContext,
  ): Promise<FollowUpResponse> {
    const milestoneId = randomUUID();
    const result = await this.followUp(commitmentId, context, (by) => ({
      type: 'AddMilestone',
      data: { commitmentId, milestoneId, ...body },
      by,
    }));
    return this.followUpResponse(result, milestoneId, 'milestoneId');
  }

  @Post(':id/progress')
  @ApiOperation({ summary: 'Report progress on the commitment or one of its milestones (moderators, admins, leads of the working group)' })
  @ApiCreatedResponse({ type: FollowUpResponse })
  async reportProgress(
    @Param('id', IdPipe) commitmentId: string,
    @Body() body: ReportProgressDto,
    @Command() context: CommandContext,
  ): Promise<FollowUpResponse> {
    const reportId = randomUUID();
    const result = await this.followUp(commitmentId, context, (by) => ({
      type: 'ReportProgress',
      data: { commitmentId, reportId, ...body },
      by,
    }));
    return this.followUpResponse(result, reportId, 'reportId');
  }

  @Get()
  @ApiOperation({ summary: 'Commitments, in adoption order, optionally of one plan' })
  list(@Query() query: CommitmentsQueryDto): CommitmentView[] {
    return this.readModels.find<CommitmentView>(COMMITMENTS, query.planId === undefined ? {} : { planId: query.planId });
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A commitment with its milestones (and their latest completion), progress reports and overall completion',
    description: 'With `?asOf=` (a log position or an ISO-8601 time): as it was then, with `asOf: { position, time }`.',
  })
  async get(
    @Param('id', IdPipe) commitmentId: string,
    @Query() query: AsOfQuery,
  ): Promise<CommitmentView | (CommitmentView & { asOf: LogMoment })> {
    if (query.asOf === undefined) return found(this.readModels.get<CommitmentView>(COMMITMENTS, commitmentId), 'commitment', commitmentId);
    return streamDocumentAsOf<CommitmentView>(this.store, query.asOf, {
      streamId: commitmentStream(commitmentId),
      projection: commitmentProjection,
      collection: COMMITMENTS,
      entity: 'commitment',
      id: commitmentId,
    });
  }

  /** Decides a milestone or progress command with the sender's role in the commitment's working group. */
  private followUp(commitmentId: string, context: CommandContext, command: (by: Reporter) => CommitmentCommand) {
    return this.commands.handle(
      commitmentStream(commitmentId),
      commitmentDecider,
      async (state) => {
        const { by, conditions } = await this.reporter(state, context.actor);
        return { events: commitmentDecider.decide(command(by), state), conditions };
      },
      context,
      { notFound: { entity: 'commitment', id: commitmentId } },
    );
  }

  /**
   * Moderators and admins need no membership. Anyone else is looked up in the working group; when their
   * authority comes from it, the command only commits if the group has not changed since (a lead removed
   * meanwhile is then refused on the retry).
   */
  private async reporter(state: Commitment, actor: Actor): Promise<{ by: Reporter; conditions: StreamCondition[] }> {
    const by: Reporter = { id: actor.id, name: actor.name, roles: actor.roles };
    if (state.status === 'absent' || isModerator(actor)) return { by, conditions: [] };
    const streamId = workingGroupStream(state.workingGroupId);
    const group = await this.commands.load(streamId, workingGroupDecider);
    const members = group.state.status === 'absent' ? {} : group.state.members;
    const workingGroupRole = Object.hasOwn(members, actor.id) ? members[actor.id] : undefined;
    if (workingGroupRole === undefined) return { by, conditions: [] };
    return { by: { ...by, workingGroupRole }, conditions: [{ streamId, revision: group.revision }] };
  }

  /**
   * The new milestone's or report's id. When an Idempotency-Key replayed an earlier command, that command's
   * id is read back from the log, since the one generated for this request was never recorded.
   */
  private async followUpResponse(
    result: CommandOutcome<Commitment>,
    createdId: string,
    idField: 'milestoneId' | 'reportId',
  ): Promise<FollowUpResponse> {
    let id = createdId;
    if (result.state === undefined) {
      const [recorded] = await this.store.readStream(result.streamId, { fromRevision: result.revision, maxCount: 1 });
      id = String((recorded?.data as Record<string, unknown> | undefined)?.[idField] ?? '');
    }
    return { ...commandResponse(id, result), commitmentId: idOfStream(result.streamId) };
  }
}
