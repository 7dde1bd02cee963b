import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import type { Plan } from '../plans';
import type { Proposal } from '../proposals';
import { t } from '@cocrea/platform/i18n/text';

export const TALLY_VISIBILITIES = ['live', 'turnout-only', 'after-close'] as const;
export type TallyVisibility = (typeof TALLY_VISIBILITIES)[number];

export const CONSULTATION_STATUSES = ['scheduled', 'open', 'paused', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export interface ConsultationRules {
  maxVotesPerParticipant: number;
  allowRetraction: boolean;
  tallyVisibility: TallyVisibility;
}

interface ConsultationId {
  consultationId: string;
}

export interface ConsultationScheduledData extends ConsultationId {
  planId: string;
  title: string;
  proposalIds: string[];
  rules: ConsultationRules;
  /** The announced schedule, which the server keeps (consultation-clock.ts) unless a moderator acts first. */
  opensAt?: string;
  closesAt?: string;
  /**
   * `secret`: each ballot is named by the voter's pseudonym (ballot-key.ts), and its events carry nothing else of
   * them. Absent on consultations scheduled before secret ballots, whose ballots stay named by user id.
   */
  ballots?: 'secret';
}

export type ConsultationEvent =
  | Event<'ConsultationScheduled', ConsultationScheduledData>
  | Event<'ConsultationOpened', ConsultationId>
  | Event<'ConsultationPaused', ConsultationId>
  | Event<'ConsultationResumed', ConsultationId>
  | Event<'ConsultationClosed', ConsultationId>;

/**
 * What scheduling reads: the states of the plan and of the proposals consulted on, read from their streams, and
 * `now`, the time of the request (ISO-8601): a schedule may not close in the past.
 */
export interface SchedulingContext {
  plan: Plan;
  proposals: Record<string, Proposal>;
  now: string;
}

export type ConsultationCommand =
  | Command<'ScheduleConsultation', ConsultationScheduledData, SchedulingContext>
  | Command<'OpenConsultation', ConsultationId & OnSchedule>
  | Command<'PauseConsultation', ConsultationId>
  | Command<'CloseConsultation', ConsultationId & OnSchedule>;

interface OnSchedule {
  /**
   * Sent by the announced schedule, not by a moderator: it opens only a consultation that never opened (it never
   * resumes one a moderator paused), and closes one whose closing time came, opened or not.
   */
  onSchedule?: boolean;
}

export type Consultation =
  | { status: 'absent' }
  | {
      status: ConsultationStatus;
      consultationId: string;
      planId: string;
      title: string;
      proposalIds: string[];
      rules: ConsultationRules;
      ballots?: 'secret';
    };

export const CONSULTATION_CATEGORY = 'consultation';
export const consultationStream = (consultationId: string) => `${CONSULTATION_CATEGORY}-${consultationId}`;

export type LifecycleCommand = Exclude<ConsultationCommand, { type: 'ScheduleConsultation' }>['type'];

/** Which statuses each lifecycle command may start from, and the event it records. */
const TRANSITIONS = {
  OpenConsultation: { from: ['scheduled', 'paused'], verb: t`opened` },
  PauseConsultation: { from: ['open'], verb: t`paused` },
  CloseConsultation: { from: ['open', 'paused'], verb: t`closed` },
} as const;

/** The same for the announced schedule (see OnSchedule). */
const SCHEDULED_TRANSITIONS = {
  OpenConsultation: { from: ['scheduled'], verb: t`opened on schedule` },
  CloseConsultation: { from: ['scheduled', 'open', 'paused'], verb: t`closed on schedule` },
} as const;

const schedule = ({ data, context }: Extract<ConsultationCommand, { type: 'ScheduleConsultation' }>): ConsultationEvent[] => {
  const { plan, proposals, now } = context;
  const scheduled = data;
  if (plan.status === 'absent') return refuse('not-found', t`plan ${data.planId} not found`);
  if (data.proposalIds.length === 0) return refuse('no-proposals', t`a consultation needs at least one proposal`);
  const duplicates = data.proposalIds.filter((id, i) => data.proposalIds.indexOf(id) !== i);
  if (duplicates.length > 0) {
    return refuse('duplicate-proposals', t`proposalIds lists ${duplicates.join(', ')} more than once`, { proposalIds: duplicates });
  }
  for (const proposalId of data.proposalIds) {
    const proposal = proposals[proposalId] ?? { status: 'absent' };
    if (proposal.status === 'absent') return refuse('not-found', t`proposal ${proposalId} not found`);
    if (proposal.planId !== data.planId) {
      return refuse('proposal-not-in-plan', t`proposal ${proposalId} belongs to another plan`, { proposalId, planId: proposal.planId });
    }
    if (proposal.status !== 'submitted') {
      return refuse(
        'proposal-not-submitted',
        t`proposal ${proposalId} is ${proposal.status}, only submitted proposals can be consulted on`,
        {
          proposalId,
          status: proposal.status,
        },
      );
    }
  }
  const max = data.rules.maxVotesPerParticipant;
  if (!Number.isInteger(max) || max < 1 || max > data.proposalIds.length) {
    return refuse('invalid-vote-limit', t`rules.maxVotesPerParticipant must be between 1 and the ${data.proposalIds.length} proposals`, {
      maxVotesPerParticipant: max,
      proposals: data.proposalIds.length,
    });
  }
  // Compared as instants: the two may be written with different time zones.
  if (data.opensAt && data.closesAt && Date.parse(data.closesAt) <= Date.parse(data.opensAt)) {
    return refuse('invalid-schedule', t`closesAt must be after opensAt`);
  }
  if (data.closesAt && Date.parse(data.closesAt) <= Date.parse(now)) {
    return refuse('invalid-schedule', t`closesAt ${data.closesAt} is in the past: the server closes the consultation then`, { now });
  }
  return [{ type: 'ConsultationScheduled', data: { ...scheduled, proposalIds: [...data.proposalIds], rules: { ...data.rules } } }];
};

export const consultationDecider: Decider<Consultation, ConsultationCommand, ConsultationEvent> = {
  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    if (command.type === 'ScheduleConsultation') {
      if (state.status !== 'absent') return refuse('consultation-exists', t`consultation ${command.data.consultationId} already exists`);
      return schedule(command);
    }
    if (state.status === 'absent') return refuse('not-found', t`consultation ${command.data.consultationId} not found`);
    const transition =
      command.type !== 'PauseConsultation' && command.data.onSchedule ? SCHEDULED_TRANSITIONS[command.type] : TRANSITIONS[command.type];
    if (!(transition.from as readonly string[]).includes(state.status)) {
      return refuse('wrong-status', t`a ${state.status} consultation cannot be ${transition.verb}`, { status: state.status });
    }
    const data = { consultationId: state.consultationId };
    switch (command.type) {
      case 'OpenConsultation':
        return [{ type: state.status === 'paused' ? 'ConsultationResumed' : 'ConsultationOpened', data }];
      case 'PauseConsultation':
        return [{ type: 'ConsultationPaused', data }];
      case 'CloseConsultation':
        return [{ type: 'ConsultationClosed', data }];
    }
  },

  evolve(state, event) {
    if (event.type === 'ConsultationScheduled') {
      const { opensAt: _, closesAt: __, ...data } = event.data;
      return { status: 'scheduled', ...data };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'ConsultationOpened':
      case 'ConsultationResumed':
        return { ...state, status: 'open' };
      case 'ConsultationPaused':
        return { ...state, status: 'paused' };
      case 'ConsultationClosed':
        return { ...state, status: 'closed' };
    }
  },
};
