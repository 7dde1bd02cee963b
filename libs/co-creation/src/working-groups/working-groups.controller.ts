import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { CommandContext, CommandHandler, CommandResponse, IdPipe, Public, ReadSide, Roles, Sender, t } from '@cocrea/platform';
import { addMember, formWorkingGroup, removeMember } from './working-group.commands';
import { AddMemberDto, FormWorkingGroupDto, ListWorkingGroupsQuery, USER_ID, WorkingGroupViewDto } from './working-group.dto';
import { WorkingGroupView } from './working-group.projection';
import { workingGroupById, workingGroups } from './working-group.queries';

@ApiTags('working-groups')
@Controller('api/working-groups')
export class WorkingGroupsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Form a working group for a theme of a plan (moderators, admins)' })
  @Roles('admin', 'moderator')
  @ApiCreatedResponse({ type: CommandResponse })
  form(@Body() body: FormWorkingGroupDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return formWorkingGroup(this.commands, body, context);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a member or lead to a working group (moderators, admins)' })
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  addMember(
    @Param('id', IdPipe) workingGroupId: string,
    @Body() body: AddMemberDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return addMember(this.commands, workingGroupId, body, context);
  }

  @Delete(':id/members/:userId')
  @ApiOperation({ summary: 'Remove a member from a working group (moderators, admins)' })
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  removeMember(
    @Param('id', IdPipe) workingGroupId: string,
    @Param('userId') userId: string,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    if (!USER_ID.test(userId)) throw new BadRequestException(t`userId must be 1-200 characters without spaces, "/", "?" or "#"`);
    return removeMember(this.commands, workingGroupId, userId, context);
  }

  @Get()
  @ApiOperation({ summary: 'The working groups, optionally of one plan' })
  @Public()
  @ApiOkResponse({ type: [WorkingGroupViewDto] })
  list(@Query() query: ListWorkingGroupsQuery): WorkingGroupView[] {
    return workingGroups(this.read, query.planId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One working group with its members' })
  @Public()
  @ApiOkResponse({ type: WorkingGroupViewDto })
  get(@Param('id', IdPipe) workingGroupId: string): WorkingGroupView {
    return workingGroupById(this.read, workingGroupId);
  }
}
