import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AsOfQuery, CommandContext, CommandHandler, CommandResponse, IdPipe, ReadSide, Roles, Sender, SignedIn } from '@cocrea/platform';
import { changePlanPhase, createPlan } from './plan.commands';
import { ChangePlanPhaseDto, CreatePlanDto } from './plan.dto';
import { planById, planAsOf } from './plan.queries';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
  ) {}

  @Post()
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  create(@Body() body: CreatePlanDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return createPlan(this.commands, body, context);
  }

  @Post(':id/phase')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  changePhase(
    @Param('id', IdPipe) planId: string,
    @Body() body: ChangePlanPhaseDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return changePlanPhase(this.commands, planId, { to: body.phase, reason: body.reason }, context);
  }

  @Get(':id')
  @SignedIn()
  @ApiOkResponse({ description: 'the plan; with `?asOf=` as it was then, with `asOf: { position, time }`' })
  get(@Param('id', IdPipe) planId: string, @Query() query: AsOfQuery) {
    return query.asOf === undefined ? planById(this.read, planId) : planAsOf(this.read, planId, query.asOf);
  }
}
