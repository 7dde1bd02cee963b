import { randomUUID } from 'node:crypto';
import { acknowledgement, idOfStream, read, type Acknowledgement, type CommandContext, type CommandHandler } from '@cocrea/platform';
import { planDecider, planStream } from '../plans';
import { workingGroupDecider, workingGroupStream, type MemberRole, type WorkingGroupCommand } from './working-group.decider';

export const formWorkingGroup = async (
  commands: CommandHandler,
  group: { planId: string; name: string; theme: string },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const workingGroupId = randomUUID();
  const outcome = await commands
    .with(workingGroupDecider)
    .decide(
      workingGroupStream(workingGroupId),
      ({ plan }) => ({ type: 'FormWorkingGroup', data: { workingGroupId, ...group }, context: { plan: plan.state } }),
      context,
      { creates: true, reads: { plan: read(planStream(group.planId), planDecider) } },
    );
  // A retried Idempotency-Key answers the group the first attempt formed.
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

/** A command on a group that exists: it answers the group. */
const onGroup = async (
  commands: CommandHandler,
  command: Exclude<WorkingGroupCommand, { type: 'FormWorkingGroup' }>,
  context: CommandContext,
): Promise<Acknowledgement> => {
  const { workingGroupId } = command.data;
  return acknowledgement(
    workingGroupId,
    await commands.with(workingGroupDecider).decide(workingGroupStream(workingGroupId), command, context),
  );
};

export const addMember = (
  commands: CommandHandler,
  workingGroupId: string,
  member: { userId: string; role: MemberRole },
  context: CommandContext,
) => onGroup(commands, { type: 'AddMember', data: { workingGroupId, ...member } }, context);

export const removeMember = (commands: CommandHandler, workingGroupId: string, userId: string, context: CommandContext) =>
  onGroup(commands, { type: 'RemoveMember', data: { workingGroupId, userId } }, context);
