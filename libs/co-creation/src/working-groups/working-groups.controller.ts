import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { planDecider, planStream } from '../plans/plan.decider';
import { workingGroupDecider, workingGroupStream } from './working-group.decider';
import { AddMemberDto, FormWorkingGroupDto, ListWorkingGroupsQuery, USER_ID } from './working-group.dto';
import { WORKING_GROUPS, WorkingGroupView } from './working-group.projection';

@ApiTags('working-groups')
@ApiBearerAuth()
@Controller('api/working-groups')
export class WorkingGroupsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly readModels: ReadModelDatabase,
  ) {}

  @Post()
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  async form(@Body() body: FormWorkingGroupDto, @Command() context: CommandContext): Promise<CommandResponse> {
    const workingGroupId = randomUUID();
    const result = await this.commands.handle(
      workingGroupStream(workingGroupId),
      workingGroupDecider,
      async (state) => {
        const { state: plan } = await this.commands.load(planStream(body.planId), planDecider);
        return workingGroupDecider.decide({ type: 'FormWorkingGroup', data: { workingGroupId, ...body, plan } }, state);
      },
      context,
      { creates: true },
    );
    // A retried Idempotency-Key answers the group the first attempt formed.
    return commandResponse(idOfStream(result.streamId), result);
  }

  @Post(':id/members')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  async addMember(
    @Param('id', IdPipe) workingGroupId: string,
    @Body() body: AddMemberDto,
    @Command() context: CommandContext,
  ): Promise<CommandResponse> {
    const result = await this.commands.handle(
      workingGroupStream(workingGroupId),
      workingGroupDecider,
      (state) => workingGroupDecider.decide({ type: 'AddMember', data: { workingGroupId, ...body } }, state),
      context,
      { notFound: { entity: 'working group', id: workingGroupId } },
    );
    return commandResponse(workingGroupId, result);
  }

  @Delete(':id/members/:userId')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  async removeMember(
    @Param('id', IdPipe) workingGroupId: string,
    @Param('userId') userId: string,
    @Command() context: CommandContext,
  ): Promise<CommandResponse> {
    if (!USER_ID.test(userId)) throw new BadRequestException('userId must be 1-200 characters without spaces, "/", "?" or "#"');
    const result = await this.commands.handle(
      workingGroupStream(workingGroupId),
      workingGroupDecider,
      (state) => workingGroupDecider.decide({ type: 'RemoveMember', data: { workingGroupId, userId } }, state),
      context,
      { notFound: { entity: 'working group', id: workingGroupId } },
    );
    return commandResponse(workingGroupId, result);
  }

  @Get()
  list(@Query() query: ListWorkingGroupsQuery): WorkingGroupView[] {
    return this.readModels.find<WorkingGroupView>(WORKING_GROUPS, query.planId ? { planId: query.planId } : {});
  }

  @Get(':id')
  get(@Param('id', IdPipe) workingGroupId: string): WorkingGroupView {
    return found(this.readModels.get<WorkingGroupView>(WORKING_GROUPS, workingGroupId), 'working group', workingGroupId);
  }
}
