import { BadRequestException, Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { AsOfQuery, CommandContext, CommandHandler, CommandResponse, IdPipe, Public, ReadSide, Roles, Sender, t } from '@cocrea/platform';
import { decideOnProposal, draftProposal, editProposal, submitProposal, withdrawProposal } from './proposal.commands';
import { EDITABLE_FIELDS, EditableField } from './proposal.decider';
import {
  DraftProposalDto,
  EditProposalDto,
  FieldChangeDto,
  ListProposalsQuery,
  NoBodyDto,
  ProposalDecisionDto,
  ProposalDiffDto,
  ProposalDiffQuery,
  ProposalHistoryEntryDto,
  ProposalViewDto,
  given,
} from './proposal.dto';
import { ProposalView } from './proposal.projection';
import { ProposalHistoryEntry, proposalById, proposalAsOf, proposalDiff, proposalHistory, proposals } from './proposal.queries';

/** A DTO's optional texts without the fields it did not send. */

@ApiTags('proposals')
@Controller('api/proposals')
export class ProposalsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Draft a proposal in a working group (its members, moderators, admins)' })
  @Roles('member', 'moderator', 'admin')
  @ApiCreatedResponse({ type: CommandResponse })
  draft(@Body() body: DraftProposalDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return draftProposal(this.commands, { ...body, sections: given(body.sections) }, context);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit the title or sections from the revision read (409 with the current text on a conflict)' })
  @Roles('member', 'moderator', 'admin')
  @ApiOkResponse({ type: CommandResponse })
  edit(
    @Param('id', IdPipe) proposalId: string,
    @Body() body: EditProposalDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    const changes = given<EditableField>(body.changes);
    if (Object.keys(changes).length === 0)
      throw new BadRequestException(t`changes must name at least one of: ${EDITABLE_FIELDS.join(', ')}`);
    return editProposal(this.commands, proposalId, { expectedRevision: body.expectedRevision, changes }, context);
  }

  @Post(':id/submit')
  @ApiOperation({ summary: 'Submit a draft proposal (its working group, moderators, admins)' })
  @Roles('member', 'moderator', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse })
  submit(@Param('id', IdPipe) proposalId: string, @Body() _body: NoBodyDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return submitProposal(this.commands, proposalId, context);
  }

  @Post(':id/withdraw')
  @ApiOperation({ summary: 'Withdraw a proposal, with an optional reason' })
  @Roles('member', 'moderator', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse })
  withdraw(
    @Param('id', IdPipe) proposalId: string,
    @Body() body: ProposalDecisionDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return withdrawProposal(this.commands, proposalId, body.reason, context);
  }

  @Post(':id/accept')
  @ApiOperation({ summary: 'Accept a submitted proposal, with the reason (moderators, admins)' })
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  accept(
    @Param('id', IdPipe) proposalId: string,
    @Body() body: ProposalDecisionDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return decideOnProposal(this.commands, proposalId, 'AcceptProposal', body.reason, context);
  }

  @Post(':id/reject')
  @ApiOperation({ summary: 'Reject a submitted proposal, with the reason (moderators, admins)' })
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  reject(
    @Param('id', IdPipe) proposalId: string,
    @Body() body: ProposalDecisionDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return decideOnProposal(this.commands, proposalId, 'RejectProposal', body.reason, context);
  }

  @Get()
  @ApiOperation({ summary: 'The proposals, filtered by plan, working group and status' })
  @Public()
  @ApiOkResponse({ type: [ProposalViewDto] })
  list(@Query() query: ListProposalsQuery): ProposalView[] {
    return proposals(this.read, { planId: query.planId, workingGroupId: query.workingGroupId, status: query.status });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One proposal; with asOf, as it was then' })
  @Public()
  @ApiOkResponse({ type: ProposalViewDto, description: 'the proposal; with `?asOf=` as it was then, with `asOf: { position, time }`' })
  get(@Param('id', IdPipe) proposalId: string, @Query() query: AsOfQuery) {
    return query.asOf === undefined ? proposalById(this.read, proposalId) : proposalAsOf(this.read, proposalId, query.asOf);
  }

  @Get(':id/diff')
  @ApiOperation({ summary: 'What changed between two revisions, section by section, with every edit' })
  @Public()
  @ApiExtraModels(FieldChangeDto)
  @ApiOkResponse({ type: ProposalDiffDto })
  diff(@Param('id', IdPipe) proposalId: string, @Query() query: ProposalDiffQuery): Promise<ProposalDiffDto> {
    return proposalDiff(this.read, proposalId, query);
  }

  /** Read from the log itself, not a read model: the history is the record, always complete. */
  @Get(':id/history')
  @ApiOperation({ summary: 'Every event of the proposal, and of other streams that mention it (meeting agreements), from the log' })
  @Public()
  @ApiOkResponse({ type: [ProposalHistoryEntryDto] })
  history(@Param('id', IdPipe) proposalId: string): Promise<ProposalHistoryEntry[]> {
    return proposalHistory(this.read, proposalId);
  }
}
