import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, RecordedEvent } from '@cocrea/event-store';
import {
  Actor,
  AsOfQuery,
  Command,
  CommandContext,
  CommandHandler,
  CommandResponse,
  CurrentActor,
  Filter,
  IdPipe,
  LogMoment,
  ProjectionRunner,
  READ_YOUR_WRITES_TIMEOUT_MS,
  ReadModelDatabase,
  Roles,
  commandResponse,
  existedAsOf,
  foldProjection,
  found,
  idOfStream,
  inLogOrder,
  isModerator,
  resolveAsOf,
  streamDocumentAsOf,
} from '@cocrea/platform';
import { planDecider, planStream } from '../plans/plan.decider';
import { Proposal, proposalDecider, proposalStream } from '../proposals/proposal.decider';
import { BallotCommand, ballotDecider, ballotStream } from './ballot.decider';
import { LifecycleCommand, consultationDecider, consultationStream } from './consultation.decider';
import { moveConsultation } from './consultation-lifecycle';
import { ConsultationResultsDto, CreateConsultationDto, ListConsultationsQuery, MyBallotDto } from './consultation.dto';
import { BALLOTS, BallotView, CONSULTATIONS, ConsultationView, TALLIES, TallyView, ballotsFeed, consultationProjection } from './consultation.projection';
import { myBallot, resultsFor } from './consultation.results';

const BALLOT_PAGE = 10_000;


@ApiTags('consultations')
@ApiBearerAuth()
@Controller('api/consultations')
export class ConsultationsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly readModels: ReadModelDatabase,
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  async create(@Body() body: CreateConsultationDto, @Command() context: CommandContext): Promise<CommandResponse> {
    const consultationId = randomUUID();
    const { planId, proposalIds } = body;
    const result = await this.commands.handle(
      consultationStream(consultationId),
      consultationDecider,
      async (state) => {
        // Read inside the decision so that a retry sees fresh proposals, and append only while none of them
        // moved: a proposal withdrawn or rejected meanwhile cannot slip into the consultation.
        const [plan, ...proposals] = await Promise.all([
          this.commands.load(planStream(planId), planDecider),
          ...proposalIds.map((id) => this.commands.load(proposalStream(id), proposalDecider)),
        ]);
        const proposalStates: Record<string, Proposal> = Object.fromEntries(proposalIds.map((id, i) => [id, proposals[i].state]));
        const data = { consultationId, ...body, rules: { ...body.rules }, plan: plan.state, proposals: proposalStates, now: new Date().toISOString() };
        return {
          events: consultationDecider.decide({ type: 'ScheduleConsultation', data }, state),
          conditions: proposalIds.map((id, i) => ({ streamId: proposalStream(id), revision: proposals[i].revision })),
        };
      },
      context,
      { creates: true },
    );
    return commandResponse(idOfStream(result.streamId), result);
  }

  @Post(':id/open')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  open(@Param('id', IdPipe) consultationId: string, @Command() context: CommandContext): Promise<CommandResponse> {
    return this.moveLifecycle(consultationId, 'OpenConsultation', context);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  pause(@Param('id', IdPipe) consultationId: string, @Command() context: CommandContext): Promise<CommandResponse> {
    return this.moveLifecycle(consultationId, 'PauseConsultation', context);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  close(@Param('id', IdPipe) consultationId: string, @Command() context: CommandContext): Promise<CommandResponse> {
    return this.moveLifecycle(consultationId, 'CloseConsultation', context);
  }

  @Put(':id/votes/:proposalId')
  @HttpCode(200)
  @Roles('participant', 'member')
  @ApiOkResponse({ type: CommandResponse, description: "id is the caller's ballot, revision the ballot's" })
  cast(
    @Param('id', IdPipe) consultationId: string,
    @Param('proposalId', IdPipe) proposalId: string,
    @Command() context: CommandContext,
  ): Promise<CommandResponse> {
    return this.decideBallot('CastVote', consultationId, proposalId, context);
  }

  @Delete(':id/votes/:proposalId')
  @HttpCode(200)
  @Roles('participant', 'member')
  @ApiOkResponse({ type: CommandResponse, description: "id is the caller's ballot, revision the ballot's" })
  retract(
    @Param('id', IdPipe) consultationId: string,
    @Param('proposalId', IdPipe) proposalId: string,
    @Command() context: CommandContext,
  ): Promise<CommandResponse> {
    return this.decideBallot('RetractVote', consultationId, proposalId, context);
  }

  @Get()
  @ApiOkResponse({ description: 'consultations in creation order, filtered by plan and status' })
  list(@Query() query: ListConsultationsQuery): ConsultationView[] {
    const filter: Filter = {};
    if (query.planId) filter.planId = query.planId;
    if (query.status) filter.status = query.status;
    return this.readModels.find<ConsultationView>(CONSULTATIONS, filter);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'the consultation; with `?asOf=` as it was then, with `asOf: { position, time }`' })
  async get(
    @Param('id', IdPipe) consultationId: string,
    @Query() query: AsOfQuery,
  ): Promise<ConsultationView | (ConsultationView & { asOf: LogMoment })> {
    if (query.asOf === undefined) return this.consultation(consultationId);
    return streamDocumentAsOf<ConsultationView>(this.store, query.asOf, {
      streamId: consultationStream(consultationId),
      projection: consultationProjection,
      collection: CONSULTATIONS,
      entity: 'consultation',
      id: consultationId,
    });
  }

  @Get(':id/results')
  @ApiOkResponse({ type: ConsultationResultsDto })
  async results(
    @Param('id', IdPipe) consultationId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: Actor,
  ): Promise<ConsultationResultsDto> {
    if (query.asOf !== undefined) return this.resultsAsOf(consultationId, query.asOf, actor);
    const consultation = this.consultation(consultationId);
    const tally = found(this.readModels.get<TallyView>(TALLIES, consultationId), 'consultation', consultationId);
    return resultsFor(consultation, tally, isModerator(actor));
  }

  /** The caller's own ballot: no route shows anyone else's. */
  @Get(':id/votes/mine')
  @ApiOkResponse({ type: MyBallotDto })
  mine(@Param('id', IdPipe) consultationId: string, @CurrentActor() actor: Actor): MyBallotDto {
    const consultation = this.consultation(consultationId);
    const ballotId = idOfStream(ballotStream(consultationId, actor.id));
    return myBallot(consultation, ballotId, this.readModels.get<BallotView>(BALLOTS, ballotId));
  }

  /**
   * The consultation's stream and its ballot events up to the moment, folded in log order by the projection of
   * the live tally, then shown under the visibility rules as they stood then (open or closed) to the caller's role.
   */
  private async resultsAsOf(consultationId: string, asOf: string, actor: Actor): Promise<ConsultationResultsDto> {
    const moment = await resolveAsOf(this.store, asOf);
    // The ballot index is a read model: it holds every ballot event up to the moment once the projections got there.
    if (!(await this.projections.waitFor(moment.position, READ_YOUR_WRITES_TIMEOUT_MS))) {
      throw new ServiceUnavailableException(`read models have not reached position ${moment.position} within ${READ_YOUR_WRITES_TIMEOUT_MS} ms`);
    }
    const stream = await this.store.readStream(consultationStream(consultationId), { toPosition: moment.position });
    const ballots = await this.ballotEventsUpTo(consultationId, moment.position);
    const models = foldProjection(consultationProjection, inLogOrder(stream, ballots));
    const consultation = existedAsOf(models.get<ConsultationView>(CONSULTATIONS, consultationId), 'consultation', consultationId, moment);
    const tally = models.get<TallyView>(TALLIES, consultationId) as TallyView;
    return { ...resultsFor(consultation, tally, isModerator(actor)), asOf: moment };
  }

  /** The consultation's ballot events up to a position, read from the log at the positions its ballot index holds. */
  private async ballotEventsUpTo(consultationId: string, position: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let after = 0; ; ) {
      const positions = this.readModels.readFeed(ballotsFeed(consultationId), after, position, BALLOT_PAGE);
      events.push(...(await this.store.readEventsAt(positions)));
      if (positions.length < BALLOT_PAGE) return events;
      after = positions[positions.length - 1];
    }
  }

  private consultation(consultationId: string): ConsultationView {
    return found(this.readModels.get<ConsultationView>(CONSULTATIONS, consultationId), 'consultation', consultationId);
  }

  private async moveLifecycle(consultationId: string, type: LifecycleCommand, context: CommandContext): Promise<CommandResponse> {
    return commandResponse(consultationId, await moveConsultation(this.commands, consultationId, type, context));
  }

  /**
   * Decides a vote or retraction on the caller's ballot against the consultation's current state, and makes
   * the append conditional on the consultation stream not having moved since: a vote racing a pause or a close
   * is either recorded before it or decided again on the new state (and refused), never acknowledged after it.
   */
  private async decideBallot(
    type: BallotCommand['type'],
    consultationId: string,
    proposalId: string,
    context: CommandContext,
  ): Promise<CommandResponse> {
    const streamId = ballotStream(consultationId, context.actor.id);
    let changed: boolean | undefined;
    const result = await this.commands.handle(
      streamId,
      ballotDecider,
      async (ballot) => {
        const consultation = await this.commands.load(consultationStream(consultationId), consultationDecider);
        const data = { consultationId, participantId: context.actor.id, proposalId, consultation: consultation.state };
        const events = ballotDecider.decide({ type, data }, ballot);
        changed = events.length > 0;
        return { events, conditions: [{ streamId: consultationStream(consultationId), revision: consultation.revision }] };
      },
      context,
    );
    if (changed === false) return commandResponse(idOfStream(streamId), await this.earlierVote(streamId, proposalId));
    return commandResponse(idOfStream(streamId), result);
  }

  /** A repeated vote answers what the vote it repeats answered: the event that cast it. */
  private async earlierVote(streamId: string, proposalId: string): Promise<{ revision: number; position: number }> {
    const { events } = await this.commands.load(streamId, ballotDecider);
    const cast = events.findLast((event) => event.type === 'VoteCast' && (event.data as { proposalId: string }).proposalId === proposalId);
    if (!cast) throw new Error(`ballot ${streamId} has no vote for ${proposalId} although the decider found one`);
    return { revision: cast.revision, position: cast.position };
  }
}
