import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  Command,
  CommandContext,
  CommandHandler,
  CommandResponse,
  IdPipe,
  ReadModelDatabase,
  Roles,
  commandResponse,
  found,
  idOfStream,
} from '@cocrea/platform';
import { planDecider, planStream } from './plan.decider';
import { ChangePlanPhaseDto, CreatePlanDto } from './plan.dto';
import { PLANS, PlanView } from './plan.projection';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly readModels: ReadModelDatabase,
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
  get(@Param('id', IdPipe) planId: string): PlanView {
    return found(this.readModels.get<PlanView>(PLANS, planId), 'plan', planId);
  }
}
