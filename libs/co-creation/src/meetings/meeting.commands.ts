import { randomUUID } from 'node:crypto';
import { DomainError, refuse } from '@cocrea/platform/domain/decider';
import { nameBasedId } from '@cocrea/platform/domain/name-based-id';
import { t } from '@cocrea/platform/i18n/text';
import {
  acknowledgement,
  idOfStream,
  read,
  type Acknowledgement,
  type CommandContext,
  type CommandHandler,
  type LoadedReads,
  type Reads,
  type StreamRead,
} from '@cocrea/platform';
import { addMilestone, commitmentDecider, commitmentStream, type Commitment } from '../commitments';
import { anonymousContext, pseudonymOf } from '../consultations';
import { planDecider, planStream } from '../plans';
import { draftProposal, proposalDecider, proposalStream, type Proposal } from '../proposals';
import { workingGroupDecider, workingGroupStream, type WorkingGroup } from '../working-groups';
import { attendanceDecider, attendeeStream, type Sector } from './attendance.decider';
import {
  meetingDecider,
  meetingStream,
  type Agreement,
  type AgendaItem,
  type Meeting,
  type MeetingCommand,
  type MeetingScheduledData,
  type MinutesContext,
  type PollOpenedData,
  type RunnerContext,
  existingMeeting,
} from './meeting.decider';
import { pollBallotDecider, pollBallotStream } from './poll-ballot.decider';
import { questionDecider, questionStream, upvoteDecider, upvoteStream, type QuestionCommand, type QuestionKind } from './question.decider';

const runnerOf = (context: CommandContext, workingGroup: { state: WorkingGroup } | undefined): RunnerContext => ({
  actor: { id: context.actor.id, roles: context.actor.roles },
  ...(workingGroup ? { workingGroup: workingGroup.state } : {}),
});

/** The meeting's working group, read so that a lead removed meanwhile cannot act as one. */
const groupOf = (state: Meeting) => ({
  workingGroup:
    state.status !== 'absent' && state.workingGroupId ? read(workingGroupStream(state.workingGroupId), workingGroupDecider) : undefined,
});

const meetingRead = (meetingId: string) => ({ meeting: read(meetingStream(meetingId), meetingDecider) });

/**
 * The meeting and its working group, for a command on another stream (an attendance, a question) that whoever runs
 * the meeting may send. Which group is the meeting's never changes, so it is learnt first; both are then read as
 * conditions of the append.
 */
const withGroup = async (commands: CommandHandler, meetingId: string) => ({
  ...meetingRead(meetingId),
  ...groupOf(await commands.state(meetingStream(meetingId), meetingDecider)),
});

export type NewMeeting = Omit<MeetingScheduledData, 'meetingId' | 'agenda'> & { agenda: Array<Omit<AgendaItem, 'itemId'>> };

/** Schedules a meeting of a plan (and of one of its working groups): the plan and the group are read as they are. */
export const scheduleMeeting = async (commands: CommandHandler, meeting: NewMeeting, context: CommandContext): Promise<Acknowledgement> => {
  const meetingId = randomUUID();
  const agenda = meeting.agenda.map((item) => ({ itemId: randomUUID(), ...item }));
  const { workingGroupId, planId } = meeting;
  const outcome = await commands.with(meetingDecider).decide(
    meetingStream(meetingId),
    ({ plan, workingGroup }) => ({
      type: 'ScheduleMeeting',
      data: { meetingId, ...meeting, agenda },
      context: { ...runnerOf(context, workingGroup), plan: plan.state },
    }),
    context,
    {
      creates: true,
      reads: {
        plan: read(planStream(planId), planDecider),
        workingGroup: workingGroupId === undefined ? undefined : read(workingGroupStream(workingGroupId), workingGroupDecider),
      },
    },
  );
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

/** A command of whoever runs the meeting, decided against its working group as it is (and any other streams it reads). */
const asRunner = async <R extends Reads>(
  commands: CommandHandler,
  meetingId: string,
  command: (runner: RunnerContext, reads: LoadedReads<R>) => MeetingCommand,
  context: CommandContext,
  reads: R = {} as R,
) =>
  commands
    .with(meetingDecider)
    .decide(
      meetingStream(meetingId),
      (loaded: LoadedReads<R & ReturnType<typeof groupOf>>) =>
        command(runnerOf(context, loaded.workingGroup as { state: WorkingGroup } | undefined), loaded),
      context,
      { reads: (state: Meeting) => ({ ...reads, ...groupOf(state) }) },
    );

export const startMeeting = async (commands: CommandHandler, meetingId: string, context: CommandContext) =>
  acknowledgement(
    meetingId,
    await asRunner(commands, meetingId, (runner) => ({ type: 'StartMeeting', data: { meetingId }, context: runner }), context),
  );

export const moveToItem = async (commands: CommandHandler, meetingId: string, itemId: string, context: CommandContext) =>
  acknowledgement(
    meetingId,
    await asRunner(commands, meetingId, (runner) => ({ type: 'MoveToItem', data: { meetingId, itemId }, context: runner }), context),
  );

export const cancelMeeting = async (commands: CommandHandler, meetingId: string, reason: string, context: CommandContext) =>
  acknowledgement(
    meetingId,
    await asRunner(commands, meetingId, (runner) => ({ type: 'CancelMeeting', data: { meetingId, reason }, context: runner }), context),
  );

export type NewPoll = Omit<PollOpenedData, 'meetingId' | 'pollId' | 'itemId' | 'options'> & { itemId?: string; options: string[] };

/** Opens a poll on an agenda item (the current one unless named); answers with the poll's id. */
export const openPoll = async (commands: CommandHandler, meetingId: string, poll: NewPoll, context: CommandContext) => {
  const pollId = randomUUID();
  const options = poll.options.map((label, i) => ({ optionId: `option-${i + 1}`, label }));
  const outcome = await asRunner(
    commands,
    meetingId,
    (runner) => ({ type: 'OpenPoll', data: { meetingId, pollId, ...poll, options }, context: runner }),
    context,
  );
  // A retried Idempotency-Key answers the poll the first attempt opened.
  const opened = outcome.events?.find((event) => event.type === 'PollOpened');
  return {
    ...acknowledgement(meetingId, outcome),
    pollId: opened ? (opened.data as PollOpenedData).pollId : await openedPollOf(commands, meetingId, outcome.position),
  };
};

const openedPollOf = async (commands: CommandHandler, meetingId: string, position: number): Promise<string> => {
  const events = await commands.recorded(meetingStream(meetingId));
  const opened = events.find((event) => event.position === position && event.type === 'PollOpened');
  if (!opened) throw new Error(`meeting ${meetingId} has no poll opened at position ${position}`);
  return (opened.data as PollOpenedData).pollId;
};

export const closePoll = async (commands: CommandHandler, meetingId: string, pollId: string, context: CommandContext) =>
  acknowledgement(
    meetingId,
    await asRunner(commands, meetingId, (runner) => ({ type: 'ClosePoll', data: { meetingId, pollId }, context: runner }), context),
  );

export type NewMinutes = { summary: string; agreements: Array<Omit<Agreement, 'agreementId'>> };

/** What minutes read: the proposals and commitments their agreements name, so that none of them moved meanwhile. */
type MinutesReads = { proposals: Array<StreamRead<Proposal>>; commitments: Array<StreamRead<Commitment>> };

const minutesReads = (minutes: NewMinutes) => {
  const proposalIds = [...new Set(minutes.agreements.flatMap((a) => (a.proposalId ? [a.proposalId] : [])))];
  const commitmentIds = [...new Set(minutes.agreements.flatMap((a) => (a.commitmentId ? [a.commitmentId] : [])))];
  const reads: MinutesReads = {
    proposals: proposalIds.map((id) => read(proposalStream(id), proposalDecider)),
    commitments: commitmentIds.map((id) => read(commitmentStream(id), commitmentDecider)),
  };
  return {
    reads,
    context: (runner: RunnerContext, loaded: LoadedReads<MinutesReads>): MinutesContext => ({
      ...runner,
      proposals: Object.fromEntries(proposalIds.map((id, i) => [id, loaded.proposals[i].state])),
      commitments: Object.fromEntries(commitmentIds.map((id, i) => [id, loaded.commitments[i].state])),
    }),
    agreements: minutes.agreements.map((agreement) => ({ agreementId: randomUUID(), ...agreement })),
  };
};

/** Closes the meeting (its open polls first), with its minutes when given. */
export const closeMeeting = async (
  commands: CommandHandler,
  meetingId: string,
  minutes: NewMinutes | undefined,
  context: CommandContext,
) => {
  const withMinutes = minutesReads(minutes ?? { summary: '', agreements: [] });
  return acknowledgement(
    meetingId,
    await asRunner(
      commands,
      meetingId,
      (runner, loaded) => ({
        type: 'CloseMeeting',
        data: { meetingId, ...(minutes ? { minutes: { summary: minutes.summary, agreements: withMinutes.agreements } } : {}) },
        context: withMinutes.context(runner, loaded),
      }),
      context,
      withMinutes.reads,
    ),
  );
};

export const recordMinutes = async (commands: CommandHandler, meetingId: string, minutes: NewMinutes, context: CommandContext) => {
  const withMinutes = minutesReads(minutes);
  return acknowledgement(
    meetingId,
    await asRunner(
      commands,
      meetingId,
      (runner, loaded) => ({
        type: 'RecordMinutes',
        data: { meetingId, summary: minutes.summary, agreements: withMinutes.agreements },
        context: withMinutes.context(runner, loaded),
      }),
      context,
      withMinutes.reads,
    ),
  );
};

/**
 * Checks an attendee in. Without a name, the caller checks themselves in, under their pseudonym in the meeting (one
 * attendance each); with one, whoever runs the meeting checks someone in who has no account here.
 */
export const checkIn = async (
  commands: CommandHandler,
  ballotKey: string,
  meetingId: string,
  attendee: { name?: string; organisation: string; sector: Sector },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const bySelf = attendee.name === undefined;
  // A walk-in is named by a pseudonym of their name and organisation, so a repeated check-in counts them once.
  const walkIn = `walk-in\n${attendee.name?.trim().toLowerCase()}\n${attendee.organisation.trim().toLowerCase()}`;
  const attendeeId = pseudonymOf(ballotKey, meetingId, bySelf ? context.actor.id : walkIn);
  const streamId = attendeeStream(meetingId, attendeeId);
  const outcome = await commands.with(attendanceDecider).decide(
    streamId,
    ({ meeting, workingGroup }) => ({
      type: 'CheckIn',
      data: {
        meetingId,
        attendeeId,
        name: attendee.name ?? context.actor.name,
        organisation: attendee.organisation,
        sector: attendee.sector,
        by: bySelf ? 'self' : 'runner',
      },
      context: { ...runnerOf(context, workingGroup), meeting: meeting.state },
    }),
    context,
    { reads: await withGroup(commands, meetingId) },
  );
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

/**
 * A vote in a poll, on the voter's secret ballot for it: named by their pseudonym in that poll, recorded with
 * nothing else of them, and conditional on the meeting's stream, so a vote racing the poll's close is refused.
 */
export const castPollVote = async (
  commands: CommandHandler,
  ballotKey: string,
  vote: { meetingId: string; pollId: string; choices: string[] },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const pseudonym = pseudonymOf(ballotKey, vote.pollId, context.actor.id);
  const streamId = pollBallotStream(vote.pollId, pseudonym);
  const outcome = await commands
    .with(pollBallotDecider)
    .decide(
      streamId,
      ({ meeting }) => ({ type: 'CastPollVote', data: { ...vote, participantId: pseudonym }, context: { meeting: meeting.state } }),
      anonymousContext(ballotKey, context, pseudonym),
      { reads: meetingRead(vote.meetingId) },
    );
  return acknowledgement(idOfStream(streamId), outcome);
};

export const submitQuestion = async (
  commands: CommandHandler,
  question: { meetingId: string; kind: QuestionKind; text: string },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const questionId = randomUUID();
  const outcome = await commands.with(questionDecider).decide(
    questionStream(questionId),
    ({ meeting }) => ({
      type: 'SubmitQuestion',
      data: { questionId, ...question, authorId: context.actor.id, authorName: context.actor.name },
      context: { meeting: meeting.state },
    }),
    context,
    { creates: true, reads: meetingRead(question.meetingId) },
  );
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

type Moderation = Exclude<QuestionCommand, { type: 'SubmitQuestion' }>;

/** Approves, rejects or answers a question, as whoever runs its meeting, against the meeting and its group as they are. */
export const moderateQuestion = async (
  commands: CommandHandler,
  target: { meetingId: string; questionId: string },
  decision: { type: 'ApproveQuestion' | 'RejectQuestion'; reason?: string } | { type: 'AnswerQuestion'; answer: string },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const { name, id } = context.actor;
  const outcome = await commands.with(questionDecider).decide(
    questionStream(target.questionId),
    (loaded) => {
      const runner = { ...runnerOf(context, loaded.workingGroup), meeting: loaded.meeting.state };
      const command =
        decision.type === 'AnswerQuestion'
          ? { type: decision.type, data: { ...target, answer: decision.answer, answeredBy: name }, context: runner }
          : {
              type: decision.type,
              data: { ...target, reason: decision.reason ?? '', moderatorId: id, moderatorName: name },
              context: runner,
            };
      if (command.type === 'ApproveQuestion' && !('reason' in decision && decision.reason))
        delete (command.data as { reason?: string }).reason;
      return command as Moderation;
    },
    context,
    { reads: await withGroup(commands, target.meetingId) },
  );
  return acknowledgement(target.questionId, outcome);
};

/** Upvotes an approved question, once per person: the upvote is named by the voter's pseudonym for the question. */
export const upvoteQuestion = async (
  commands: CommandHandler,
  ballotKey: string,
  target: { meetingId: string; questionId: string },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const streamId = upvoteStream(target.questionId, pseudonymOf(ballotKey, target.questionId, context.actor.id));
  const outcome = await commands
    .with(upvoteDecider)
    .decide(
      streamId,
      ({ meeting, question }) => ({ type: 'UpvoteQuestion', data: target, context: { meeting: meeting.state, question: question.state } }),
      context,
      { reads: { ...meetingRead(target.meetingId), question: read(questionStream(target.questionId), questionDecider) } },
    );
  return acknowledgement(idOfStream(streamId), outcome);
};

/** An agreement of a meeting's minutes, and the meeting's plan, as its stream records them (minutes never change). */
const agreementOf = async (commands: CommandHandler, meetingId: string, agreementId: string) => {
  const meeting = existingMeeting(await commands.state(meetingStream(meetingId), meetingDecider), meetingId);
  const agreement = meeting.agreements[agreementId];
  if (!agreement) return refuse('not-found', t`meeting ${meetingId} has no agreement ${agreementId}`);
  return { ...agreement, planId: meeting.planId };
};

/** What an agreement starts has an id made from the agreement's: one draft and one milestone each, on every store. */
export const draftIdOf = (agreementId: string) => nameBasedId('cocrea:draft-of-agreement:', agreementId);
export const milestoneIdOf = (agreementId: string, commitmentId: string) =>
  nameBasedId('cocrea:milestone-of-agreement:', `${agreementId}:${commitmentId}`);

/** Runs what an agreement starts; when it was started before (the stream or milestone exists), answers that. */
const once = async <T>(start: () => Promise<T>, exists: string, earlier: () => Promise<T>): Promise<T> => {
  try {
    return await start();
  } catch (error) {
    if (error instanceof DomainError && error.code === exists) return earlier();
    throw error;
  }
};

/** Starts a proposal draft of the meeting's plan from an agreement: the draft records the agreement it came from. */
export const draftFromAgreement = async (
  commands: CommandHandler,
  target: { meetingId: string; agreementId: string },
  proposal: Parameters<typeof draftProposal>[1],
  context: CommandContext,
): Promise<Acknowledgement> => {
  const agreement = await agreementOf(commands, target.meetingId, target.agreementId);
  if (proposal.planId !== agreement.planId) {
    return refuse('agreement-in-other-plan', t`meeting ${target.meetingId} belongs to plan ${agreement.planId}, not ${proposal.planId}`);
  }
  const proposalId = draftIdOf(target.agreementId);
  return once(
    () => draftProposal(commands, { ...proposal, fromAgreement: { ...target } }, context, proposalId),
    'proposal-exists',
    async () => {
      const [drafted] = await commands.recorded(proposalStream(proposalId));
      return acknowledgement(proposalId, { revision: drafted.revision, position: drafted.position });
    },
  );
};

/** Adds a milestone to a commitment of the meeting's plan (the agreement's, unless named) from an agreement, once for each. */
export const milestoneFromAgreement = async (
  commands: CommandHandler,
  target: { meetingId: string; agreementId: string },
  milestone: Parameters<typeof addMilestone>[2] & { commitmentId?: string },
  context: CommandContext,
) => {
  const agreement = await agreementOf(commands, target.meetingId, target.agreementId);
  const { commitmentId = agreement.commitmentId, ...fields } = milestone;
  if (!commitmentId) return refuse('commitment-required', t`agreement ${target.agreementId} names no commitment: give commitmentId`);
  const commitment = await commands.state(commitmentStream(commitmentId), commitmentDecider);
  if (commitment.status !== 'absent' && commitment.planId !== agreement.planId) {
    return refuse('agreement-in-other-plan', t`meeting ${target.meetingId} belongs to plan ${agreement.planId}, not ${commitment.planId}`);
  }
  const milestoneId = milestoneIdOf(target.agreementId, commitmentId);
  return once(
    () => addMilestone(commands, commitmentId, { ...fields, fromAgreement: { ...target } }, context, milestoneId),
    'milestone-exists',
    async () => {
      const events = await commands.recorded(commitmentStream(commitmentId));
      const added = events.find((event) => (event.data as { milestoneId?: string }).milestoneId === milestoneId)!;
      return { id: milestoneId, commitmentId, revision: added.revision, position: added.position };
    },
  );
};
