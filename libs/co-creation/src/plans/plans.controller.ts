import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@cocrea/event-store';
import {
  AsOfQuery,
  Command,
  CommandContext,
  CommandHandler,
  CommandResponse,
  IdPipe,
  LogMoment,
  ReadModelDatabase,
  Roles,
  commandResponse,
  found,
  idOfStream,
  streamDocumentAsOf,
} from '@cocrea/platform';
import { planDecider, planStream } from './plan.decider';
import { ChangePlanPhaseDto, CreatePlanDto } from './plan.dto';
import { PLANS, PlanView, planProjection } from './plan.projection';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly readModels: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  async create(@Body() body: CreatePlanDto, @Command() context: CommandContext): Promise<CommandResponse> {
    const planId = randomUUID();
    const result = await this.commands.handle(
      planStream(planId),
      planDecider,
      (state) => planDecider.decide({ type: 'CreatePlan', data: { planId, ...body } }, state),
      context,
      { creates: true },
    );
    return commandResponse(idOfStream(result.streamId), result);
  }

  @Post(':id/phase')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  async changePhase(
    @Param('id', IdPipe) planId: string,
    @Body() body: ChangePlanPhaseDto,
    @Command() context: CommandContext,
  ): Promise<CommandResponse> {
    const result = await this.commands.handle(
      planStream(planId),
      planDecider,
      (state) => planDecider.decide({ type: 'ChangePlanPhase', data: { planId, to: body.phase, reason: body.reason } }, state),
      context,
      { notFound: { entity: 'plan', id: planId } },
    );
    return commandResponse(planId, result);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'the plan; with `?asOf=` as it was then, with `asOf: { position, time }`' })
  async get(@Param('id', IdPipe) planId: string, @Query() query: AsOfQuery): Promise<PlanView | (PlanView & { asOf: LogMoment })> {
    if (query.asOf === undefined) return found(this.readModels.get<PlanView>(PLANS, planId), 'plan', planId);
    return streamDocumentAsOf<PlanView>(this.store, query.asOf, {
      streamId: planStream(planId),
      projection: planProjection,
      collection: PLANS,
      entity: 'plan',
      id: planId,
    });
  }
}
