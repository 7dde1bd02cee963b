import { randomUUID } from 'node:crypto';
import { acknowledgement, idOfStream, read, type Acknowledgement, type CommandContext, type CommandHandler } from '@cocrea/platform';
import { workingGroupDecider, workingGroupStream } from '../working-groups';
import {
  proposalDecider,
  proposalStream,
  type EditableField,
  type MemberContext,
  type Proposal,
  type ProposalCommand,
  type ProposalEvent,
} from './proposal.decider';

type Drafted = Extract<ProposalEvent, { type: 'ProposalDrafted' }>['data'];
type MemberCommand = Exclude<Extract<ProposalCommand, { context: MemberContext }>, { type: 'DraftProposal' }>;

/**
 * Membership is read from the working group's stream, and the append is conditional on that stream not having
 * moved, so a member removed while their edit is in flight cannot slip it in.
 */
const groupOf = (workingGroupId: string | undefined) => ({
  workingGroup: workingGroupId === undefined ? undefined : read(workingGroupStream(workingGroupId), workingGroupDecider),
});

const memberContext = (context: CommandContext, workingGroup: { state: MemberContext['workingGroup'] } | undefined): MemberContext => ({
  actor: { id: context.actor.id, roles: context.actor.roles },
  workingGroup: workingGroup?.state ?? workingGroupDecider.initialState(),
});

export const draftProposal = async (
  commands: CommandHandler,
  proposal: Omit<Drafted, 'proposalId'>,
  context: CommandContext,
  /** The draft's id, when what it comes from decides it (an agreement starts one draft); a new one otherwise. */
  proposalId: string = randomUUID(),
): Promise<Acknowledgement> => {
  const outcome = await commands
    .with(proposalDecider)
    .decide(
      proposalStream(proposalId),
      ({ workingGroup }) => ({ type: 'DraftProposal', data: { proposalId, ...proposal }, context: memberContext(context, workingGroup) }),
      context,
      { reads: groupOf(proposal.workingGroupId) },
    );
  // A retried Idempotency-Key answers the proposal the first attempt created.
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

/** A command of a member of the proposal's working group (or a moderator), decided against the group as it is. */
const asMember = async (
  commands: CommandHandler,
  proposalId: string,
  command: (member: MemberContext) => MemberCommand,
  context: CommandContext,
) =>
  acknowledgement(
    proposalId,
    await commands
      .with(proposalDecider)
      .decide(proposalStream(proposalId), ({ workingGroup }) => command(memberContext(context, workingGroup)), context, {
        reads: (state: Proposal) => groupOf(state.status === 'absent' ? undefined : state.workingGroupId),
      }),
  );

export const editProposal = (
  commands: CommandHandler,
  proposalId: string,
  edit: { expectedRevision: number; changes: Partial<Record<EditableField, string>> },
  context: CommandContext,
) => asMember(commands, proposalId, (member) => ({ type: 'EditProposal', data: { proposalId, ...edit }, context: member }), context);

export const submitProposal = (commands: CommandHandler, proposalId: string, context: CommandContext) =>
  asMember(commands, proposalId, (member) => ({ type: 'SubmitProposal', data: { proposalId }, context: member }), context);

export const withdrawProposal = (commands: CommandHandler, proposalId: string, reason: string | undefined, context: CommandContext) =>
  asMember(commands, proposalId, (member) => ({ type: 'WithdrawProposal', data: { proposalId, reason }, context: member }), context);

/** Accepting and rejecting are the moderators' decisions: the role is checked at the edge, no group is read. */
export const decideOnProposal = async (
  commands: CommandHandler,
  proposalId: string,
  decision: 'AcceptProposal' | 'RejectProposal',
  reason: string | undefined,
  context: CommandContext,
): Promise<Acknowledgement> =>
  acknowledgement(
    proposalId,
    await commands.with(proposalDecider).decide(proposalStream(proposalId), { type: decision, data: { proposalId, reason } }, context),
  );
