import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import {
  Actor,
  AsOfQuery,
  CommandContext,
  CommandHandler,
  CommandResponse,
  CurrentActor,
  IdPipe,
  Public,
  ReadSide,
  Roles,
  Sender,
} from '@cocrea/platform';
import { BALLOT_KEY } from './ballot-key';
import { castVote, moveConsultation, retractVote, scheduleConsultation } from './consultation.commands';
import {
  ConsultationResultsDto,
  ConsultationViewDto,
  CreateConsultationDto,
  ListConsultationsQuery,
  MyBallotDto,
} from './consultation.dto';
import { ConsultationView } from './consultation.projection';
import {
  ballotOf,
  consultationById,
  consultationAsOf,
  consultationResults,
  consultationResultsAsOf,
  consultations,
} from './consultation.queries';

@ApiTags('consultations')
@Controller('api/consultations')
export class ConsultationsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
    @Inject(BALLOT_KEY) private readonly ballotKey: string,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a consultation over submitted proposals (moderators, admins)' })
  @Roles('admin', 'moderator')
  @ApiCreatedResponse({ type: CommandResponse })
  create(@Body() body: CreateConsultationDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return scheduleConsultation(this.commands, body, context);
  }

  @Post(':id/open')
  @ApiOperation({ summary: 'Open a consultation, or resume a paused one (moderators, admins)' })
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  open(@Param('id', IdPipe) consultationId: string, @Sender() context: CommandContext): Promise<CommandResponse> {
    return moveConsultation(this.commands, consultationId, 'OpenConsultation', context);
  }

  @Post(':id/pause')
  @ApiOperation({ summary: 'Pause an open consultation (moderators, admins)' })
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  pause(@Param('id', IdPipe) consultationId: string, @Sender() context: CommandContext): Promise<CommandResponse> {
    return moveConsultation(this.commands, consultationId, 'PauseConsultation', context);
  }

  @Post(':id/close')
  @ApiOperation({ summary: 'Close a consultation: its results are final (moderators, admins)' })
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  close(@Param('id', IdPipe) consultationId: string, @Sender() context: CommandContext): Promise<CommandResponse> {
    return moveConsultation(this.commands, consultationId, 'CloseConsultation', context);
  }

  @Put(':id/votes/:proposalId')
  @ApiOperation({ summary: 'Vote for a proposal with your ballot (participants, members)' })
  @HttpCode(200)
  @Roles('participant', 'member')
  @ApiOkResponse({ type: CommandResponse, description: "id is the caller's ballot, revision the ballot's" })
  cast(
    @Param('id', IdPipe) consultationId: string,
    @Param('proposalId', IdPipe) proposalId: string,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return castVote(this.commands, this.ballotKey, { consultationId, proposalId }, context);
  }

  @Delete(':id/votes/:proposalId')
  @ApiOperation({ summary: 'Take your vote back, where the rules allow it' })
  @HttpCode(200)
  @Roles('participant', 'member')
  @ApiOkResponse({ type: CommandResponse, description: "id is the caller's ballot, revision the ballot's" })
  retract(
    @Param('id', IdPipe) consultationId: string,
    @Param('proposalId', IdPipe) proposalId: string,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return retractVote(this.commands, this.ballotKey, { consultationId, proposalId }, context);
  }

  @Get()
  @ApiOperation({ summary: 'The consultations, filtered by plan and status' })
  @Public()
  @ApiOkResponse({ type: [ConsultationViewDto], description: 'consultations in creation order, filtered by plan and status' })
  list(@Query() query: ListConsultationsQuery): ConsultationView[] {
    return consultations(this.read, { planId: query.planId, status: query.status });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One consultation; with asOf, as it was then' })
  @Public()
  @ApiOkResponse({
    type: ConsultationViewDto,
    description: 'the consultation; with `?asOf=` as it was then, with `asOf: { position, time }`',
  })
  get(@Param('id', IdPipe) consultationId: string, @Query() query: AsOfQuery) {
    return query.asOf === undefined ? consultationById(this.read, consultationId) : consultationAsOf(this.read, consultationId, query.asOf);
  }

  @Get(':id/results')
  @ApiOperation({ summary: 'Turnout and votes per proposal, as the visibility rules allow the caller' })
  @Public()
  @ApiOkResponse({ type: ConsultationResultsDto })
  results(@Param('id', IdPipe) consultationId: string, @Query() query: AsOfQuery, @CurrentActor() actor: Actor | undefined) {
    return query.asOf === undefined
      ? consultationResults(this.read, consultationId, actor)
      : consultationResultsAsOf(this.read, consultationId, query.asOf, actor);
  }

  /** The caller's own ballot: no route shows anyone else's. */
  @Get(':id/votes/mine')
  @ApiOperation({ summary: 'Your own ballot in the consultation' })
  @Roles('participant', 'member')
  @ApiOkResponse({ type: MyBallotDto })
  mine(@Param('id', IdPipe) consultationId: string, @CurrentActor() actor: Actor): MyBallotDto {
    return ballotOf(this.read, this.ballotKey, consultationId, actor);
  }
}
