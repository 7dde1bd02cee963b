import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, RecordedEvent } from '@cocrea/event-store';
import {
  AsOfQuery,
  Command,
  CommandContext,
  CommandHandler,
  CommandResponse,
  Decision,
  IdPipe,
  LogMoment,
  ReadModelDatabase,
  Roles,
  commandResponse,
  documentAsOf,
  found,
  idOfStream,
  streamDocumentAsOf,
} from '@cocrea/platform';
import { WorkingGroup, workingGroupDecider, workingGroupStream } from '../working-groups/working-group.decider';
import { EDITABLE_FIELDS, EditableField, Proposal, ProposalActor, ProposalCommand, ProposalEvent, proposalDecider, proposalStream } from './proposal.decider';
import { DraftProposalDto, EditProposalDto, FieldChangeDto, ListProposalsQuery, NoBodyDto, ProposalDecisionDto, ProposalDiffDto, ProposalDiffQuery } from './proposal.dto';
import { PROPOSALS, ProposalView, proposalProjection } from './proposal.projection';

/** One entry of a proposal's history: an event of its stream with who recorded it and when. */
export interface ProposalHistoryEntry {
  revision: number;
  position: number;
  type: string;
  actor: { id: string | null; name: string | null };
  time: string;
  data: unknown;
}

/** The field an event of the proposal stream changed and the text it set, if it is an edit. */
const editOf = (event: ProposalEvent): { field: EditableField; text: string } | undefined => {
  if (event.type === 'ProposalSectionEdited') return { field: event.data.section, text: event.data.text };
  if (event.type === 'ProposalRetitled') return { field: 'title', text: event.data.title };
  return undefined;
};

const momentOf = (event: RecordedEvent) => ({ revision: event.revision, position: event.position, time: event.recordedAt });

type MemberCommand = (actor: ProposalActor, workingGroup: WorkingGroup) => ProposalCommand;

const actorOf = (context: CommandContext): ProposalActor => ({ id: context.actor.id, roles: context.actor.roles });

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/proposals')
export class ProposalsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly readModels: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @ApiOkResponse({ type: CommandResponse })
  async draft(@Body() body: DraftProposalDto, @Command() context: CommandContext): Promise<CommandResponse> {
    const proposalId = randomUUID();
    const { sections, ...fields } = body;
    const data = {
      proposalId,
      ...fields,
      sections: Object.fromEntries(Object.entries(sections).filter(([, text]) => text !== undefined)),
    };
    const result = await this.commands.handle(
      proposalStream(proposalId),
      proposalDecider,
      (state) => this.decideAsMember(data.workingGroupId, (actor, workingGroup) => ({ type: 'DraftProposal', data, actor, workingGroup }), state, context),
      context,
    );
    // A retried Idempotency-Key answers the proposal the first attempt created.
    return commandResponse(idOfStream(result.streamId), result);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CommandResponse })
  edit(@Param('id', IdPipe) proposalId: string, @Body() body: EditProposalDto, @Command() context: CommandContext): Promise<CommandResponse> {
    const changes = Object.fromEntries(Object.entries(body.changes).filter(([, text]) => text !== undefined)) as Partial<Record<EditableField, string>>;
    if (Object.keys(changes).length === 0) {
      throw new BadRequestException(`changes must name at least one of: ${EDITABLE_FIELDS.join(', ')}`);
    }
    return this.actAsMember(proposalId, context, (actor, workingGroup) => ({
      type: 'EditProposal',
      data: { proposalId, expectedRevision: body.expectedRevision, changes },
      actor,
      workingGroup,
    }));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse })
  submit(@Param('id', IdPipe) proposalId: string, @Body() _body: NoBodyDto, @Command() context: CommandContext): Promise<CommandResponse> {
    return this.actAsMember(proposalId, context, (actor, workingGroup) => ({ type: 'SubmitProposal', data: { proposalId }, actor, workingGroup }));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse })
  withdraw(
    @Param('id', IdPipe) proposalId: string,
    @Body() body: ProposalDecisionDto,
    @Command() context: CommandContext,
  ): Promise<CommandResponse> {
    return this.actAsMember(proposalId, context, (actor, workingGroup) => ({
      type: 'WithdrawProposal',
      data: { proposalId, reason: body.reason },
      actor,
      workingGroup,
    }));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  accept(@Param('id', IdPipe) proposalId: string, @Body() body: ProposalDecisionDto, @Command() context: CommandContext) {
    return this.decideAsModerator(proposalId, { type: 'AcceptProposal', data: { proposalId, reason: body.reason } }, context);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('admin', 'moderator')
  @ApiOkResponse({ type: CommandResponse })
  reject(@Param('id', IdPipe) proposalId: string, @Body() body: ProposalDecisionDto, @Command() context: CommandContext) {
    return this.decideAsModerator(proposalId, { type: 'RejectProposal', data: { proposalId, reason: body.reason } }, context);
  }

  @Get()
  list(@Query() query: ListProposalsQuery): ProposalView[] {
    return this.readModels.find<ProposalView>(PROPOSALS, {
      planId: query.planId,
      workingGroupId: query.workingGroupId,
      status: query.status,
    } as Record<string, string>);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'the proposal; with `?asOf=` as it was then, with `asOf: { position, time }`' })
  async get(@Param('id', IdPipe) proposalId: string, @Query() query: AsOfQuery): Promise<ProposalView | (ProposalView & { asOf: LogMoment })> {
    if (query.asOf === undefined) return found(this.readModels.get<ProposalView>(PROPOSALS, proposalId), 'proposal', proposalId);
    return streamDocumentAsOf<ProposalView>(this.store, query.asOf, {
      streamId: proposalStream(proposalId),
      projection: proposalProjection,
      collection: PROPOSALS,
      entity: 'proposal',
      id: proposalId,
    });
  }

  /**
   * The title and the sections whose text differs between two revisions, each with every edit in between.
   * Both states are folded by the read model's own projection, so "before" and "after" read as GET did then.
   */
  @Get(':id/diff')
  @ApiExtraModels(FieldChangeDto)
  @ApiOkResponse({ type: ProposalDiffDto })
  async diff(@Param('id', IdPipe) proposalId: string, @Query() query: ProposalDiffQuery): Promise<ProposalDiffDto> {
    const events = await this.store.readStream(proposalStream(proposalId));
    if (events.length === 0) throw new NotFoundException(`proposal ${proposalId} not found`);
    const current = events.length;
    const from = query.from ?? 1;
    const to = query.to ?? current;
    if (to > current) throw new BadRequestException(`to must be at most ${current}, the proposal's current revision`);
    if (from > to) throw new BadRequestException(`from must be at most to (${to})`);
    const at = (revision: number) =>
      documentAsOf<ProposalView>(proposalProjection, events.slice(0, revision), PROPOSALS, proposalId) as ProposalView;
    const [before, after] = [at(from), at(to)];
    const textOf = (view: ProposalView, field: EditableField) => (field === 'title' ? view.title : (view.sections[field] ?? null));
    const edits = events.slice(from, to).flatMap((event) => {
      const edit = editOf(event as unknown as ProposalEvent & RecordedEvent);
      return edit ? [{ ...edit, event }] : [];
    });
    const changes: ProposalDiffDto['changes'] = {};
    for (const field of EDITABLE_FIELDS) {
      if (textOf(before, field) === textOf(after, field)) continue;
      changes[field] = {
        before: textOf(before, field),
        after: textOf(after, field),
        edits: edits
          .filter((edit) => edit.field === field)
          .map(({ text, event }) => ({ ...momentOf(event), actor: { id: event.metadata.actorId ?? null, name: event.metadata.actorName ?? null }, text })),
      };
    }
    return { proposalId, from: momentOf(events[from - 1]), to: momentOf(events[to - 1]), changes };
  }

  /** Read from the log itself, not a read model: the history is the record, always complete. */
  @Get(':id/history')
  async history(@Param('id', IdPipe) proposalId: string): Promise<ProposalHistoryEntry[]> {
    const events = await this.store.readStream(proposalStream(proposalId));
    if (events.length === 0) throw new NotFoundException(`proposal ${proposalId} not found`);
    return events.map((event) => ({
      revision: event.revision,
      position: event.position,
      type: event.type,
      actor: { id: event.metadata.actorId ?? null, name: event.metadata.actorName ?? null },
      time: event.recordedAt,
      data: event.data,
    }));
  }

  private async actAsMember(proposalId: string, context: CommandContext, command: MemberCommand): Promise<CommandResponse> {
    const result = await this.commands.handle(
      proposalStream(proposalId),
      proposalDecider,
      (state) => this.decideAsMember(state.status === 'absent' ? undefined : state.workingGroupId, command, state, context),
      context,
      { notFound: { entity: 'proposal', id: proposalId } },
    );
    return commandResponse(proposalId, result);
  }

  /**
   * Membership is read from the working group's stream, and the append is conditional on that stream not
   * having moved, so a member removed while their edit is in flight cannot slip it in.
   */
  private async decideAsMember(
    workingGroupId: string | undefined,
    command: MemberCommand,
    state: Proposal,
    context: CommandContext,
  ): Promise<Decision<ProposalEvent>> {
    const group = workingGroupId
      ? await this.commands.load(workingGroupStream(workingGroupId), workingGroupDecider)
      : { state: workingGroupDecider.initialState(), revision: 0 };
    const events = proposalDecider.decide(command(actorOf(context), group.state), state);
    return workingGroupId ? { events, conditions: [{ streamId: workingGroupStream(workingGroupId), revision: group.revision }] } : { events };
  }

  private async decideAsModerator(proposalId: string, command: ProposalCommand, context: CommandContext): Promise<CommandResponse> {
    const result = await this.commands.handle(
      proposalStream(proposalId),
      proposalDecider,
      (state) => proposalDecider.decide(command, state),
      context,
      { notFound: { entity: 'proposal', id: proposalId } },
    );
    return commandResponse(proposalId, result);
  }
}
