import { isModerator } from '@cocrea/platform/auth/actor';
import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { type Text, eitherOf, t } from '@cocrea/platform/i18n/text';
import type { Commitment } from '../commitments';
import type { Plan } from '../plans';
import type { Proposal } from '../proposals';
import type { WorkingGroup } from '../working-groups';

export const MEETING_KINDS = ['work-table', 'technical-table', 'committee', 'territorial'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_STATUSES = ['scheduled', 'in-progress', 'closed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const POLL_FORMS = ['single', 'multiple', 'statement'] as const;
export type PollForm = (typeof POLL_FORMS)[number];
/** A statement is agreed with, disagreed with or passed on (as in Pol.is): its options are always these three. */
export const STATEMENT_OPTIONS = ['agree', 'disagree', 'pass'] as const;
export const POLL_VISIBILITIES = ['live', 'after-close'] as const;
export type PollVisibility = (typeof POLL_VISIBILITIES)[number];
export const MAX_AGENDA_ITEMS = 50;
export const MAX_POLL_OPTIONS = 20;
export const MAX_AGREEMENTS = 100;

export interface AgendaItem {
  itemId: string;
  title: string;
  /** The item's time box. */
  minutes: number;
  description?: string;
}

export interface PollOption {
  optionId: string;
  label: string;
}

export interface Agreement {
  agreementId: string;
  text: string;
  /** The entity or organisation that carries the agreement out. */
  responsibleEntity: string;
  /** A calendar date, YYYY-MM-DD. */
  dueDate: string;
  proposalId?: string;
  commitmentId?: string;
}

interface MeetingId {
  meetingId: string;
}

export interface MeetingScheduledData extends MeetingId {
  planId: string;
  workingGroupId?: string;
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  link?: string;
  /** Invited public entities and organisations, by name. */
  invited: { entities: string[]; organisations: string[] };
  agenda: AgendaItem[];
}

export interface PollOpenedData extends MeetingId {
  pollId: string;
  itemId: string;
  form: PollForm;
  question: string;
  options: PollOption[];
  /** How many options one vote may choose: 1 but for a multiple-choice poll. */
  maxChoices: number;
  results: PollVisibility;
}

export interface MinutesData extends MeetingId {
  summary: string;
  agreements: Agreement[];
}

export type MeetingEvent =
  | Event<'MeetingScheduled', MeetingScheduledData>
  | Event<'MeetingStarted', MeetingId & { itemId: string }>
  | Event<'AgendaItemStarted', MeetingId & { itemId: string; previousItemId: string }>
  | Event<'PollOpened', PollOpenedData>
  | Event<'PollClosed', MeetingId & { pollId: string }>
  | Event<'MeetingClosed', MeetingId>
  | Event<'MeetingCancelled', MeetingId & { reason: string }>
  | Event<'MinutesRecorded', MinutesData>;

/** Who asks, and the working group the meeting belongs to as it is now: moderators, admins and its leads run a meeting. */
export interface RunnerContext {
  actor: { id: string; roles: readonly string[] };
  workingGroup?: WorkingGroup;
}

/** What minutes read: the proposals and commitments their agreements link to, from their streams. */
export interface MinutesContext extends RunnerContext {
  proposals: Record<string, Proposal>;
  commitments: Record<string, Commitment>;
}

export type MeetingCommand =
  | Command<'ScheduleMeeting', MeetingScheduledData, RunnerContext & { plan: Plan }>
  | Command<'StartMeeting', MeetingId, RunnerContext>
  | Command<'MoveToItem', MeetingId & { itemId: string }, RunnerContext>
  | Command<'OpenPoll', Omit<PollOpenedData, 'itemId'> & { itemId?: string }, RunnerContext>
  | Command<'ClosePoll', MeetingId & { pollId: string }, RunnerContext>
  | Command<'CloseMeeting', MeetingId & { minutes?: Omit<MinutesData, 'meetingId'> }, MinutesContext>
  | Command<'CancelMeeting', MeetingId & { reason: string }, RunnerContext>
  | Command<'RecordMinutes', MinutesData, MinutesContext>;

export interface PollState {
  pollId: string;
  itemId: string;
  form: PollForm;
  optionIds: string[];
  maxChoices: number;
  status: 'open' | 'closed';
}

export type Meeting =
  | { status: 'absent' }
  | {
      status: MeetingStatus;
      meetingId: string;
      planId: string;
      workingGroupId?: string;
      itemIds: string[];
      currentItemId: string | null;
      polls: Record<string, PollState>;
      minutes: boolean;
      /** The minutes' agreements, by id, with what they link to. */
      agreements: Record<string, Pick<Agreement, 'proposalId' | 'commitmentId'>>;
    };

export type ExistingMeeting = Exclude<Meeting, { status: 'absent' }>;

export const MEETING_CATEGORY = 'meeting';
export const meetingStream = (meetingId: string) => `${MEETING_CATEGORY}-${meetingId}`;

/** Moderators and admins run any meeting; the leads of its working group run the group's meetings. */
export const mayRun = (actor: RunnerContext['actor'], workingGroup: WorkingGroup | undefined): boolean =>
  isModerator(actor) || (workingGroup?.status === 'active' && workingGroup.members[actor.id] === 'lead');

export const ensureRunner = ({ actor, workingGroup }: RunnerContext, action: Text): void => {
  if (mayRun(actor, workingGroup)) return;
  refuse('forbidden', t`only moderators, admins and the leads of the meeting's working group may ${action}`);
};

export const existingMeeting = (state: Meeting, meetingId: string): ExistingMeeting =>
  state.status === 'absent' ? refuse('not-found', t`meeting ${meetingId} not found`) : state;

export const ensureMeetingStatus = (state: ExistingMeeting, allowed: readonly MeetingStatus[], action: Text): void => {
  if (allowed.includes(state.status)) return;
  refuse('wrong-status', t`cannot ${action} while the meeting is ${state.status}; it must be ${eitherOf(allowed)}`, {
    status: state.status,
  });
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const schedule = ({ data, context }: Extract<MeetingCommand, { type: 'ScheduleMeeting' }>): MeetingEvent[] => {
  const { plan, workingGroup } = context;
  if (plan.status === 'absent') return refuse('not-found', t`plan ${data.planId} not found`);
  if (data.workingGroupId !== undefined) {
    if (workingGroup?.status !== 'active') return refuse('not-found', t`working group ${data.workingGroupId} not found`);
    if (workingGroup.planId !== data.planId) {
      return refuse('working-group-not-in-plan', t`working group ${data.workingGroupId} belongs to another plan`);
    }
  }
  ensureRunner(context, t`schedule a meeting`);
  if (Date.parse(data.endsAt) <= Date.parse(data.startsAt)) return refuse('invalid-schedule', t`endsAt must be after startsAt`);
  if (!data.place?.trim() && !data.link?.trim()) return refuse('place-required', t`a meeting needs a place or a link`);
  if (data.agenda.length === 0) return refuse('agenda-required', t`a meeting needs at least one agenda item`);
  return [{ type: 'MeetingScheduled', data }];
};

const openPoll = (state: ExistingMeeting, { data, context }: Extract<MeetingCommand, { type: 'OpenPoll' }>): MeetingEvent[] => {
  ensureRunner(context, t`open a poll`);
  ensureMeetingStatus(state, ['in-progress'], t`open a poll`);
  if (state.polls[data.pollId]) return refuse('poll-exists', t`poll ${data.pollId} already exists`);
  const itemId = data.itemId ?? state.currentItemId;
  if (itemId === null || !state.itemIds.includes(itemId)) return refuse('not-found', t`agenda item ${String(itemId)} not found`);
  if (data.question.trim().length === 0) return refuse('question-required', t`a poll needs a question`);
  let options = data.options;
  let maxChoices = 1;
  if (data.form === 'statement') {
    options = STATEMENT_OPTIONS.map((optionId) => ({ optionId, label: optionId }));
  } else {
    if (options.length < 2) return refuse('options-required', t`a ${data.form}-choice poll needs at least two options`);
    const labels = options.map((option) => option.label.trim().toLowerCase());
    if (labels.some((label) => label.length === 0)) return refuse('option-blank', t`an option must not be blank`);
    if (new Set(labels).size !== labels.length) return refuse('duplicate-options', t`the options must differ from each other`);
    if (data.form === 'multiple') {
      maxChoices = data.maxChoices;
      if (!Number.isInteger(maxChoices) || maxChoices < 1 || maxChoices > options.length) {
        return refuse('invalid-choice-limit', t`maxChoices must be between 1 and the ${options.length} options`, { maxChoices });
      }
    }
  }
  return [{ type: 'PollOpened', data: { ...data, itemId, options, maxChoices } }];
};

/** An agreement's links, checked against the proposals and commitments as their streams say now. */
const checkAgreements = (state: ExistingMeeting, minutes: Omit<MinutesData, 'meetingId'>, context: MinutesContext): void => {
  if (minutes.summary.trim().length === 0 && minutes.agreements.length === 0) {
    refuse('minutes-empty', t`minutes need a summary or at least one agreement`);
  }
  for (const agreement of minutes.agreements) {
    if (agreement.text.trim().length === 0) refuse('agreement-blank', t`an agreement's text must not be blank`);
    if (agreement.responsibleEntity.trim().length === 0) {
      refuse('responsible-required', t`agreement ${agreement.agreementId} needs a responsible entity`);
    }
    if (!DATE.test(agreement.dueDate)) refuse('invalid-date', t`dueDate must be a date (YYYY-MM-DD)`);
    if (agreement.proposalId !== undefined) {
      const proposal = context.proposals[agreement.proposalId] ?? { status: 'absent' };
      if (proposal.status === 'absent') refuse('not-found', t`proposal ${agreement.proposalId} not found`);
      else if (proposal.planId !== state.planId)
        refuse('proposal-not-in-plan', t`proposal ${agreement.proposalId} belongs to another plan`);
    }
    if (agreement.commitmentId !== undefined) {
      const commitment = context.commitments[agreement.commitmentId] ?? { status: 'absent' };
      if (commitment.status === 'absent') refuse('not-found', t`commitment ${agreement.commitmentId} not found`);
      else if (commitment.planId !== state.planId) {
        refuse('commitment-not-in-plan', t`commitment ${agreement.commitmentId} belongs to another plan`);
      }
    }
  }
};

/** Closing closes the polls still open first: every poll of a closed meeting is fixed. */
const close = (state: ExistingMeeting, command: Extract<MeetingCommand, { type: 'CloseMeeting' }>): MeetingEvent[] => {
  ensureRunner(command.context, t`close a meeting`);
  ensureMeetingStatus(state, ['in-progress'], t`close the meeting`);
  const { meetingId, minutes } = command.data;
  if (minutes) checkAgreements(state, minutes, command.context);
  return [
    ...Object.values(state.polls)
      .filter((poll) => poll.status === 'open')
      .map((poll): MeetingEvent => ({ type: 'PollClosed', data: { meetingId, pollId: poll.pollId } })),
    { type: 'MeetingClosed', data: { meetingId } },
    ...(minutes ? [{ type: 'MinutesRecorded', data: { meetingId, ...minutes } } as const] : []),
  ];
};

/**
 * A meeting of a plan: its agenda, its live steps (the current item, polls) and its minutes. Scheduled, then in
 * progress, then closed with minutes; or cancelled, with a reason, before it starts. Attendance, poll votes and
 * the question queue are streams of their own (attendance, poll-ballot and question deciders), decided against
 * this stream's state, so a room full of people never contends for it.
 */
export const meetingDecider: Decider<Meeting, MeetingCommand, MeetingEvent> = {
  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    if (command.type === 'ScheduleMeeting') {
      if (state.status !== 'absent') return refuse('meeting-exists', t`meeting ${command.data.meetingId} already exists`);
      return schedule(command);
    }
    const meeting = existingMeeting(state, command.data.meetingId);
    const { meetingId } = command.data;
    switch (command.type) {
      case 'StartMeeting':
        ensureRunner(command.context, t`start a meeting`);
        ensureMeetingStatus(meeting, ['scheduled'], t`start the meeting`);
        return [{ type: 'MeetingStarted', data: { meetingId, itemId: meeting.itemIds[0] } }];
      case 'MoveToItem': {
        ensureRunner(command.context, t`move through the agenda`);
        ensureMeetingStatus(meeting, ['in-progress'], t`move through the agenda`);
        const { itemId } = command.data;
        if (!meeting.itemIds.includes(itemId)) return refuse('not-found', t`agenda item ${itemId} not found`);
        // Already there: a repeated request changes nothing.
        if (meeting.currentItemId === itemId) return [];
        return [{ type: 'AgendaItemStarted', data: { meetingId, itemId, previousItemId: meeting.currentItemId ?? itemId } }];
      }
      case 'OpenPoll':
        return openPoll(meeting, command);
      case 'ClosePoll': {
        ensureRunner(command.context, t`close a poll`);
        const poll = meeting.polls[command.data.pollId];
        if (!poll) return refuse('not-found', t`poll ${command.data.pollId} not found`);
        if (poll.status === 'closed') return refuse('poll-closed', t`poll ${command.data.pollId} is already closed`);
        return [{ type: 'PollClosed', data: command.data }];
      }
      case 'CloseMeeting':
        return close(meeting, command);
      case 'CancelMeeting':
        ensureRunner(command.context, t`cancel a meeting`);
        ensureMeetingStatus(meeting, ['scheduled'], t`cancel the meeting`);
        if (command.data.reason.trim().length === 0) return refuse('reason-required', t`cancelling a meeting needs a reason`);
        return [{ type: 'MeetingCancelled', data: command.data }];
      case 'RecordMinutes':
        ensureRunner(command.context, t`record minutes`);
        ensureMeetingStatus(meeting, ['closed'], t`record minutes`);
        if (meeting.minutes) return refuse('minutes-recorded', t`the minutes of meeting ${meetingId} are already recorded`);
        checkAgreements(meeting, command.data, command.context);
        return [{ type: 'MinutesRecorded', data: command.data }];
    }
  },

  evolve(state, event) {
    if (event.type === 'MeetingScheduled') {
      const { meetingId, planId, workingGroupId, agenda } = event.data;
      return {
        status: 'scheduled',
        meetingId,
        planId,
        ...(workingGroupId === undefined ? {} : { workingGroupId }),
        itemIds: agenda.map((item) => item.itemId),
        currentItemId: null,
        polls: {},
        minutes: false,
        agreements: {},
      };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'MeetingStarted':
        return { ...state, status: 'in-progress', currentItemId: event.data.itemId };
      case 'AgendaItemStarted':
        return { ...state, currentItemId: event.data.itemId };
      case 'PollOpened': {
        const { pollId, itemId, form, options, maxChoices } = event.data;
        const poll: PollState = { pollId, itemId, form, optionIds: options.map((o) => o.optionId), maxChoices, status: 'open' };
        return { ...state, polls: { ...state.polls, [pollId]: poll } };
      }
      case 'PollClosed': {
        const poll = state.polls[event.data.pollId];
        return poll ? { ...state, polls: { ...state.polls, [poll.pollId]: { ...poll, status: 'closed' } } } : state;
      }
      case 'MeetingClosed':
        return { ...state, status: 'closed', currentItemId: null };
      case 'MeetingCancelled':
        return { ...state, status: 'cancelled' };
      case 'MinutesRecorded':
        return {
          ...state,
          minutes: true,
          agreements: Object.fromEntries(
            event.data.agreements.map(({ agreementId, proposalId, commitmentId }) => [agreementId, { proposalId, commitmentId }]),
          ),
        };
    }
  },
};
