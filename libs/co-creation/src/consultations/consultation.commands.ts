import { randomUUID } from 'node:crypto';
import { acknowledgement, idOfStream, read, type Acknowledgement, type CommandContext, type CommandHandler } from '@cocrea/platform';
import { planDecider, planStream } from '../plans';
import { proposalDecider, proposalStream } from '../proposals';
import { anonymousContext, pseudonymOf } from './ballot-key';
import { ballotDecider, ballotStream, type BallotCommand } from './ballot.decider';
import { consultationDecider, consultationStream, type ConsultationScheduledData, type LifecycleCommand } from './consultation.decider';

/**
 * Schedules a consultation over proposals of a plan. The plan and every proposal are read, so the consultation is
 * recorded only while none of them moved: a proposal withdrawn or rejected meanwhile cannot slip into it.
 */
export const scheduleConsultation = async (
  commands: CommandHandler,
  consultation: Omit<ConsultationScheduledData, 'consultationId' | 'ballots'>,
  context: CommandContext,
): Promise<Acknowledgement> => {
  const consultationId = randomUUID();
  const { planId, proposalIds } = consultation;
  const outcome = await commands.with(consultationDecider).decide(
    consultationStream(consultationId),
    ({ plan, proposals }) => ({
      type: 'ScheduleConsultation',
      data: { consultationId, ...consultation, rules: { ...consultation.rules }, ballots: 'secret' },
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

/** A consultation scheduled before secret ballots: its ballots are named by user id, as its voters' first votes were. */
class NamedBallots extends Error {}

/**
 * The voter's ballot in a consultation: under secret ballots, the stream of their pseudonym and a context that
 * records nothing else of them; in a consultation scheduled before those, the stream named by their user id.
 */
const ballotFor = (key: string, consultationId: string, context: CommandContext, secret: boolean) => {
  if (!secret) return { streamId: ballotStream(consultationId, context.actor.id), context };
  const pseudonym = pseudonymOf(key, consultationId, context.actor.id);
  return { streamId: ballotStream(consultationId, pseudonym), context: anonymousContext(key, context, pseudonym) };
};

/**
 * Decides a vote or retraction on the caller's ballot against the consultation's current state, read from its
 * stream: the append is conditional on that stream not having moved, so a vote racing a pause or a close is
 * either recorded before it or decided again on the new state (and refused), never acknowledged after it.
 */
const decideOnBallot = async (
  commands: CommandHandler,
  key: string,
  type: BallotCommand['type'],
  vote: { consultationId: string; proposalId: string },
  context: CommandContext,
): Promise<Acknowledgement> => {
  try {
    return await decideOn(commands, type, vote, ballotFor(key, vote.consultationId, context, true));
  } catch (error) {
    if (!(error instanceof NamedBallots)) throw error;
    return decideOn(commands, type, vote, ballotFor(key, vote.consultationId, context, false));
  }
};

const decideOn = async (
  commands: CommandHandler,
  type: BallotCommand['type'],
  { consultationId, proposalId }: { consultationId: string; proposalId: string },
  { streamId, context }: { streamId: string; context: CommandContext },
): Promise<Acknowledgement> => {
  const secret = context.anonymous === true;
  const outcome = await commands.with(ballotDecider).decide(
    streamId,
    ({ consultation }) => {
      const state = consultation.state;
      // Which ballot is the voter's is known once the consultation is read: before secret ballots, the named one.
      if (secret && state.status !== 'absent' && state.ballots !== 'secret') throw new NamedBallots();
      return { type, data: { consultationId, participantId: context.actor.id, proposalId }, context: { consultation: state } };
    },
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

export const castVote = (
  commands: CommandHandler,
  ballotKey: string,
  vote: { consultationId: string; proposalId: string },
  context: CommandContext,
) => decideOnBallot(commands, ballotKey, 'CastVote', vote, context);

export const retractVote = (
  commands: CommandHandler,
  ballotKey: string,
  vote: { consultationId: string; proposalId: string },
  context: CommandContext,
) => decideOnBallot(commands, ballotKey, 'RetractVote', vote, context);
