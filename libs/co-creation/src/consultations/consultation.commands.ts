import { randomUUID } from 'node:crypto';
import { acknowledgement, idOfStream, read, type Acknowledgement, type CommandContext, type CommandHandler } from '@cocrea/platform';
import { planDecider, planStream } from '../plans';
import { proposalDecider, proposalStream } from '../proposals';
import { ballotDecider, ballotStream, type BallotCommand } from './ballot.decider';
import { consultationDecider, consultationStream, type ConsultationScheduledData, type LifecycleCommand } from './consultation.decider';

/**
 * Schedules a consultation over proposals of a plan. The plan and every proposal are read, so the consultation is
 * recorded only while none of them moved: a proposal withdrawn or rejected meanwhile cannot slip into it.
 */
export const scheduleConsultation = async (
  commands: CommandHandler,
  consultation: Omit<ConsultationScheduledData, 'consultationId'>,
  context: CommandContext,
): Promise<Acknowledgement> => {
  const consultationId = randomUUID();
  const { planId, proposalIds } = consultation;
  const outcome = await commands.with(consultationDecider).decide(
    consultationStream(consultationId),
    ({ plan, proposals }) => ({
      type: 'ScheduleConsultation',
      data: { consultationId, ...consultation, rules: { ...consultation.rules } },
      context: {
        plan: plan.state,
        proposals: Object.fromEntries(proposalIds.map((id, i) => [id, proposals[i].state])),
        now: new Date().toISOString(),
      },
    }),
    context,
    {
      creates: true,
      reads: { plan: read(planStream(planId), planDecider), proposals: proposalIds.map((id) => read(proposalStream(id), proposalDecider)) },
    },
  );
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

/** Opens, pauses or closes a consultation: one path for a moderator's request and for the announced schedule. */
const move = (commands: CommandHandler, consultationId: string, type: LifecycleCommand, context: CommandContext, onSchedule: boolean) =>
  commands
    .with(consultationDecider)
    .decide(consultationStream(consultationId), { type, data: { consultationId, ...(onSchedule ? { onSchedule } : {}) } }, context);

export const moveConsultation = async (
  commands: CommandHandler,
  consultationId: string,
  type: LifecycleCommand,
  context: CommandContext,
): Promise<Acknowledgement> => acknowledgement(consultationId, await move(commands, consultationId, type, context, false));

/**
 * Carries out a step of the announced schedule under the command id the schedule derives from it, so that however
 * many nodes carry it out it is recorded once. Resolves whether this call recorded it.
 */
export const keepSchedule = async (
  commands: CommandHandler,
  step: { consultationId: string; command: 'OpenConsultation' | 'CloseConsultation' },
  context: CommandContext,
): Promise<boolean> => !(await move(commands, step.consultationId, step.command, context, true)).duplicate;

/**
 * Decides a vote or retraction on the caller's ballot against the consultation's current state, read from its
 * stream: the append is conditional on that stream not having moved, so a vote racing a pause or a close is
 * either recorded before it or decided again on the new state (and refused), never acknowledged after it.
 */
const decideOnBallot = async (
  commands: CommandHandler,
  type: BallotCommand['type'],
  vote: { consultationId: string; proposalId: string },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const { consultationId, proposalId } = vote;
  const streamId = ballotStream(consultationId, context.actor.id);
  const outcome = await commands.with(ballotDecider).decide(
    streamId,
    ({ consultation }) => ({
      type,
      data: { consultationId, participantId: context.actor.id, proposalId },
      context: { consultation: consultation.state },
    }),
    context,
    { reads: { consultation: read(consultationStream(consultationId), consultationDecider) } },
  );
  if (outcome.events?.length === 0) return acknowledgement(idOfStream(streamId), await earlierVote(commands, streamId, proposalId));
  return acknowledgement(idOfStream(streamId), outcome);
};

/** A repeated vote answers what the vote it repeats answered: the event that cast it. */
const earlierVote = async (
  commands: CommandHandler,
  streamId: string,
  proposalId: string,
): Promise<{ revision: number; position: number }> => {
  const events = await commands.recorded(streamId);
  const cast = events.findLast((event) => event.type === 'VoteCast' && (event.data as { proposalId: string }).proposalId === proposalId);
  if (!cast) throw new Error(`ballot ${streamId} has no vote for ${proposalId} although the decider found one`);
  return { revision: cast.revision, position: cast.position };
};

export const castVote = (commands: CommandHandler, vote: { consultationId: string; proposalId: string }, context: CommandContext) =>
  decideOnBallot(commands, 'CastVote', vote, context);

export const retractVote = (commands: CommandHandler, vote: { consultationId: string; proposalId: string }, context: CommandContext) =>
  decideOnBallot(commands, 'RetractVote', vote, context);
