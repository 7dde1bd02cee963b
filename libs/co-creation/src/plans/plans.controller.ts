import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import {
  AsOfQuery,
  CommandContext,
  CommandHandler,
  CommandResponse,
  IdPipe,
  PageQuery,
  PageResponse,
  Public,
  ReadSide,
  Roles,
  Sender,
  page,
} from '@cocrea/platform';
import { changePlanPhase, createPlan } from './plan.commands';
import { ChangePlanPhaseDto, CreatePlanDto, PlanViewDto } from './plan.dto';
import { allPlans, planById, planAsOf } from './plan.queries';

@ApiTags('plans')
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an action plan (moderators, admins)' })
  @Roles('admin', 'moderator')
  @ApiCreatedResponse({ type: CommandResponse })
  create(@Body() body: CreatePlanDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return createPlan(this.commands, body, context);
  }

  @Post(':id/phase')
  @ApiOperation({ summary: 'Move a plan to its next phase, with a reason (moderators, admins)' })
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

  @Get()
  @ApiOperation({ summary: 'The action plans, a page at a time' })
  @Public()
  @ApiOkResponse({
    type: [PlanViewDto],
    description: 'the plans in creation order, a page at a time: `X-Total-Count` and `Link: <…>; rel="next"` say what follows',
  })
  list(@Query() query: PageQuery, @Res({ passthrough: true }) response: PageResponse) {
    return page(allPlans(this.read), query, response, '/api/plans');
  }

  @Get(':id')
  @ApiOperation({ summary: 'One plan; with asOf, as it was then' })
  @Public()
  @ApiOkResponse({ type: PlanViewDto, description: 'the plan; with `?asOf=` as it was then, with `asOf: { position, time }`' })
  get(@Param('id', IdPipe) planId: string, @Query() query: AsOfQuery) {
    return query.asOf === undefined ? planById(this.read, planId) : planAsOf(this.read, planId, query.asOf);
  }
}
