import { BadRequestException, Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AsOfQuery, CommandContext, CommandHandler, CommandResponse, IdPipe, Public, ReadSide, Roles, Sender } from '@cocrea/platform';
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
} from './proposal.dto';
import { ProposalView } from './proposal.projection';
import { ProposalHistoryEntry, proposalById, proposalAsOf, proposalDiff, proposalHistory, proposals } from './proposal.queries';

/** A DTO's optional texts without the fields it did not send. */
const given = <T extends string>(texts: Partial<Record<T, string | undefined>>): Partial<Record<T, string>> =>
  Object.fromEntries(Object.entries(texts).filter(([, text]) => text !== undefined)) as Partial<Record<T, string>>;

@ApiTags('proposals')
@Controller('api/proposals')
export class ProposalsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
  ) {}

  @Post()
  @Roles('member', 'moderator', 'admin')
  @ApiOkResponse({ type: CommandResponse })
  draft(@Body() body: DraftProposalDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return draftProposal(this.commands, { ...body, sections: given(body.sections) }, context);
  }

  @Patch(':id')
  @Roles('member', 'moderator', 'admin')
  @ApiOkResponse({ type: CommandResponse })
  edit(
    @Param('id', IdPipe) proposalId: string,
    @Body() body: EditProposalDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    const changes = given<EditableField>(body.changes);
    if (Object.keys(changes).length === 0)
      throw new BadRequestException(`changes must name at least one of: ${EDITABLE_FIELDS.join(', ')}`);
    return editProposal(this.commands, proposalId, { expectedRevision: body.expectedRevision, changes }, context);
  }

  @Post(':id/submit')
  @Roles('member', 'moderator', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse })
  submit(@Param('id', IdPipe) proposalId: string, @Body() _body: NoBodyDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return submitProposal(this.commands, proposalId, context);
  }

  @Post(':id/withdraw')
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
  @Public()
  list(@Query() query: ListProposalsQuery): ProposalView[] {
    return proposals(this.read, { planId: query.planId, workingGroupId: query.workingGroupId, status: query.status });
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ description: 'the proposal; with `?asOf=` as it was then, with `asOf: { position, time }`' })
  get(@Param('id', IdPipe) proposalId: string, @Query() query: AsOfQuery) {
    return query.asOf === undefined ? proposalById(this.read, proposalId) : proposalAsOf(this.read, proposalId, query.asOf);
  }

  @Get(':id/diff')
  @Public()
  @ApiExtraModels(FieldChangeDto)
  @ApiOkResponse({ type: ProposalDiffDto })
  diff(@Param('id', IdPipe) proposalId: string, @Query() query: ProposalDiffQuery): Promise<ProposalDiffDto> {
    return proposalDiff(this.read, proposalId, query);
  }

  /** Read from the log itself, not a read model: the history is the record, always complete. */
  @Get(':id/history')
  @Public()
  history(@Param('id', IdPipe) proposalId: string): Promise<ProposalHistoryEntry[]> {
    return proposalHistory(this.read, proposalId);
  }
}
