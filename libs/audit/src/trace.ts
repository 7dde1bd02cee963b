import type { RecordedEvent } from '@cocrea/event-store';
import type { BallotEvent } from '@cocrea/co-creation/consultations';
import { BALLOT_CATEGORY } from '@cocrea/co-creation/consultations';
import type { ConsultationEvent, ConsultationRules } from '@cocrea/co-creation/consultations';
import type { CommitmentEvent } from '@cocrea/co-creation/commitments';
import type { MeetingEvent } from '@cocrea/co-creation/meetings';
import type { ProposalEvent } from '@cocrea/co-creation/proposals';

/**
 * The decision trace of a commitment: pure functions over events read from the log, so that every step
 * names the event (position, id, hash) an auditor can check it against.
 */

export const TRACE_STAGES = [
  'drafted',
  'edited',
  'submitted',
  'consulted',
  'agreed',
  'accepted',
  'adopted',
  'milestone',
  'progress',
] as const;
export type TraceStage = (typeof TRACE_STAGES)[number];

export interface TraceActor {
  id: string;
  name: string;
}

/** What every step says about the event it comes from, so that it can be found in the log and its hash checked. */
export interface LoggedFact {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  at: string;
  actor: TraceActor;
  hash: string;
}

export interface TraceStep extends LoggedFact {
  stage: TraceStage;
  [detail: string]: unknown;
}

/** Counted votes of one consultation at its close: what precedes ConsultationClosed in global order. */
export interface ClosingTally {
  closedPosition: number;
  /** Counted votes per proposal of the consultation (0 for a proposal nobody voted for). */
  votes: Record<string, number>;
  /** Distinct participants with at least one counted vote. */
  turnout: number;
  /** How many ballot events (casts and retractions) were folded, and the position of the last one. */
  ballotEventsCounted: number;
  lastCountedPosition: number | null;
}

/** How one proposal fared in a closed consultation. */
export interface Standing {
  votes: number;
  /** Competition ranking ("1224"): 1 + the number of proposals with strictly more votes, so ties share a rank. */
  rank: number;
  /** How many proposals the consultation ranked. */
  of: number;
  turnout: number;
  totalVotes: number;
}

export interface ConsultationInTrace {
  consultationId: string;
  title: string;
  status: 'scheduled' | 'open' | 'paused' | 'closed';
  rules: ConsultationRules;
  proposals: number;
  scheduledPosition: number;
  openedPosition: number | null;
  closedPosition: number | null;
  /** Present once the consultation is closed; never a list of voters. */
  tally: Standing | null;
}

export interface DecisionTrace {
  commitmentId: string;
  proposalId: string;
  planId: string;
  summary: {
    title: string;
    leadEntity: string;
    branch: string;
    themes: string[];
    drafted: { by: TraceActor; at: string; position: number } | null;
    edits: number;
    editors: TraceActor[];
    submitted: { by: TraceActor; at: string; position: number } | null;
    consultations: ConsultationInTrace[];
    /** The meetings' agreements on the proposal or the commitment. */
    agreements: number;
    accepted: { by: TraceActor; at: string; position: number; reason: string | null } | null;
    adopted: { by: TraceActor; at: string; position: number; proposalRevision: number };
    milestones: number;
    progressReports: number;
    completion: string;
    latestProgress: { at: string; position: number; completion: string; note: string; evidenceUrl: string | null } | null;
    firstPosition: number;
    lastPosition: number;
  };
  steps: TraceStep[];
}

/** The log of one consultation, as the trace needs it: its own stream and, once closed, the tally folded at close. */
export interface ConsultationRecord {
  events: RecordedEvent[];
  tally: ClosingTally | null;
}

export const ballotStreamPrefix = (consultationId: string) => `${BALLOT_CATEGORY}-${consultationId}.`;

const actorOf = (recorded: RecordedEvent): TraceActor => ({
  id: recorded.metadata.actorId ?? 'unknown',
  name: recorded.metadata.actorName ?? recorded.metadata.actorId ?? 'unknown',
});

const factOf = (recorded: RecordedEvent): LoggedFact => ({
  position: recorded.position,
  eventId: recorded.id,
  streamId: recorded.streamId,
  revision: recorded.revision,
  type: recorded.type,
  at: recorded.recordedAt,
  actor: actorOf(recorded),
  hash: recorded.hash,
});

/**
 * Counts a consultation's ballot events, page by page, into the tally at its close. Only events of this
 * consultation's ballot streams that precede `closedPosition` count (the design rule); each participant's ballot
 * is folded on its own, so a retraction removes exactly that participant's vote. Participants are counted,
 * never named.
 */
export const closingCount = (consultationId: string, closedPosition: number) => {
  const prefix = ballotStreamPrefix(consultationId);
  const ballots = new Map<string, Set<string>>();
  let ballotEventsCounted = 0;
  let lastCountedPosition: number | null = null;
  return {
    count(recorded: RecordedEvent): void {
      if (recorded.position >= closedPosition || !recorded.streamId.startsWith(prefix)) return;
      const event = recorded as unknown as BallotEvent & RecordedEvent;
      if (event.type !== 'VoteCast' && event.type !== 'VoteRetracted') return;
      const ballot = ballots.get(recorded.streamId) ?? new Set<string>();
      if (event.type === 'VoteCast') ballot.add(event.data.proposalId);
      else ballot.delete(event.data.proposalId);
      ballots.set(recorded.streamId, ballot);
      ballotEventsCounted += 1;
      lastCountedPosition = Math.max(lastCountedPosition ?? 0, recorded.position);
    },
    tally(proposalIds: readonly string[]): ClosingTally {
      const votes: Record<string, number> = Object.fromEntries(proposalIds.map((id) => [id, 0]));
      let turnout = 0;
      for (const ballot of ballots.values()) {
        if (ballot.size > 0) turnout += 1;
        for (const proposalId of ballot) votes[proposalId] = (votes[proposalId] ?? 0) + 1;
      }
      return { closedPosition, votes, turnout, ballotEventsCounted, lastCountedPosition };
    },
  };
};

export const tallyAtClose = (
  consultationId: string,
  proposalIds: readonly string[],
  closedPosition: number,
  events: Iterable<RecordedEvent>,
): ClosingTally => {
  const counting = closingCount(consultationId, closedPosition);
  for (const recorded of events) counting.count(recorded);
  return counting.tally(proposalIds);
};

export const standingOf = (tally: ClosingTally, proposalId: string): Standing => {
  const counts = Object.values(tally.votes);
  const votes = tally.votes[proposalId] ?? 0;
  return {
    votes,
    rank: 1 + counts.filter((count) => count > votes).length,
    of: counts.length,
    turnout: tally.turnout,
    totalVotes: counts.reduce((sum, count) => sum + count, 0),
  };
};

const proposalStep = (recorded: RecordedEvent): TraceStep | undefined => {
  const event = recorded as unknown as ProposalEvent & RecordedEvent;
  const fact = factOf(recorded);
  switch (event.type) {
    case 'ProposalDrafted': {
      const { title, leadEntity, branch, themes, sections, fromAgreement } = event.data;
      const from = fromAgreement ? { fromAgreement: { ...fromAgreement } } : {};
      return { stage: 'drafted', ...fact, title, leadEntity, branch, themes: [...themes], sections: Object.keys(sections), ...from };
    }
    case 'ProposalSectionEdited':
      return { stage: 'edited', ...fact, section: event.data.section, baseRevision: event.data.baseRevision };
    case 'ProposalRetitled':
      return { stage: 'edited', ...fact, section: 'title', baseRevision: event.data.baseRevision };
    case 'ProposalSubmitted':
      return { stage: 'submitted', ...fact };
    case 'ProposalAccepted':
      return { stage: 'accepted', ...fact, reason: event.data.reason ?? null };
    default:
      // Rejection and withdrawal cannot precede an adoption; nothing else is recorded on a proposal.
      return undefined;
  }
};

const consultationSteps = (record: ConsultationRecord, proposalId: string): { steps: TraceStep[]; consultation: ConsultationInTrace } => {
  const steps: TraceStep[] = [];
  let consultation: ConsultationInTrace | undefined;
  for (const recorded of record.events) {
    const event = recorded as unknown as ConsultationEvent & RecordedEvent;
    const fact = factOf(recorded);
    const { consultationId } = event.data;
    switch (event.type) {
      case 'ConsultationScheduled': {
        const { title, rules, proposalIds, opensAt, closesAt } = event.data;
        consultation = {
          consultationId,
          title,
          status: 'scheduled',
          rules: { ...rules },
          proposals: proposalIds.length,
          scheduledPosition: recorded.position,
          openedPosition: null,
          closedPosition: null,
          tally: null,
        };
        steps.push({
          stage: 'consulted',
          ...fact,
          consultationId,
          event: 'scheduled',
          title,
          rules: { ...rules },
          proposals: proposalIds.length,
          opensAt: opensAt ?? null,
          closesAt: closesAt ?? null,
        });
        break;
      }
      case 'ConsultationOpened':
      case 'ConsultationResumed':
      case 'ConsultationPaused': {
        const moved = { ConsultationOpened: 'opened', ConsultationResumed: 'resumed', ConsultationPaused: 'paused' } as const;
        if (consultation) {
          consultation.status = event.type === 'ConsultationPaused' ? 'paused' : 'open';
          if (event.type === 'ConsultationOpened') consultation.openedPosition ??= recorded.position;
        }
        steps.push({ stage: 'consulted', ...fact, consultationId, event: moved[event.type] });
        break;
      }
      case 'ConsultationClosed': {
        const tally = record.tally === null ? null : standingOf(record.tally, proposalId);
        if (consultation) Object.assign(consultation, { status: 'closed', closedPosition: recorded.position, tally });
        steps.push({
          stage: 'consulted',
          ...fact,
          consultationId,
          event: 'closed',
          tally: tally && {
            ...tally,
            ballotEventsCounted: record.tally?.ballotEventsCounted,
            lastCountedPosition: record.tally?.lastCountedPosition,
          },
        });
        break;
      }
    }
  }
  if (!consultation) throw new Error('a consultation record must start with ConsultationScheduled');
  return { steps, consultation };
};

const commitmentStep = (recorded: RecordedEvent): TraceStep => {
  const event = recorded as unknown as CommitmentEvent & RecordedEvent;
  const fact = factOf(recorded);
  switch (event.type) {
    case 'CommitmentAdopted': {
      const { proposalRevision, title, leadEntity, branch, themes } = event.data;
      return { stage: 'adopted', ...fact, proposalRevision, title, leadEntity, branch, themes: [...themes] };
    }
    case 'MilestoneAdded': {
      const { milestoneId, title, deliverable, startDate, endDate, fromAgreement } = event.data;
      const from = fromAgreement ? { fromAgreement: { ...fromAgreement } } : {};
      return { stage: 'milestone', ...fact, milestoneId, title, deliverable: deliverable ?? null, startDate, endDate, ...from };
    }
    case 'ProgressReported': {
      const { reportId, milestoneId, completion, note, evidenceUrl } = event.data;
      return { stage: 'progress', ...fact, reportId, milestoneId: milestoneId ?? null, completion, note, evidenceUrl: evidenceUrl ?? null };
    }
  }
};

/** A meeting's minutes, as the trace of a proposal and its commitment tells them: the agreements on either. */
const agreementStep = (recorded: RecordedEvent, proposalId: string, commitmentId: string): TraceStep | undefined => {
  const event = recorded as unknown as MeetingEvent & RecordedEvent;
  if (event.type !== 'MinutesRecorded') return undefined;
  const agreements = event.data.agreements.filter((a) => a.proposalId === proposalId || a.commitmentId === commitmentId);
  if (agreements.length === 0) return undefined;
  return { stage: 'agreed', ...factOf(recorded), meetingId: event.data.meetingId, agreements: agreements.map((a) => ({ ...a })) };
};

const summaryOf = (step: TraceStep | undefined) => (step ? { by: step.actor, at: step.at, position: step.position } : null);

/**
 * Puts the commitment's causal chain together: the proposal's own stream, the consultations it was in, the meetings
 * whose agreements name the proposal or the commitment, and the commitment's stream, merged in global position order (the order in which the log recorded them).
 */
export const decisionTrace = (
  commitmentEvents: readonly RecordedEvent[],
  proposalEvents: readonly RecordedEvent[],
  consultations: readonly ConsultationRecord[],
  /** The events of other streams that mention the proposal or the commitment (a meeting's minutes). */
  mentions: readonly RecordedEvent[] = [],
): DecisionTrace => {
  const adoption = commitmentEvents[0] as unknown as Extract<CommitmentEvent, { type: 'CommitmentAdopted' }> & RecordedEvent;
  if (adoption?.type !== 'CommitmentAdopted') throw new Error('a commitment stream must start with CommitmentAdopted');
  const { commitmentId, proposalId, planId } = adoption.data;
  const consulted = consultations.map((record) => consultationSteps(record, proposalId));
  const steps = [
    ...proposalEvents.flatMap((recorded) => proposalStep(recorded) ?? []),
    ...consulted.flatMap(({ steps }) => steps),
    ...mentions.flatMap((recorded) => agreementStep(recorded, proposalId, commitmentId) ?? []),
    ...commitmentEvents.map(commitmentStep),
  ].sort((a, b) => a.position - b.position);

  const ofStage = (stage: TraceStage) => steps.filter((step) => step.stage === stage);
  const edits = ofStage('edited');
  const accepted = ofStage('accepted').at(-1);
  const progress = ofStage('progress');
  const latest = progress.at(-1);
  const adopted = ofStage('adopted')[0];
  const editors = [...new Map(edits.map((step) => [step.actor.id, step.actor])).values()];
  return {
    commitmentId,
    proposalId,
    planId,
    summary: {
      title: adoption.data.title,
      leadEntity: adoption.data.leadEntity,
      branch: adoption.data.branch,
      themes: [...adoption.data.themes],
      drafted: summaryOf(ofStage('drafted')[0]),
      edits: edits.length,
      editors,
      submitted: summaryOf(ofStage('submitted')[0]),
      consultations: consulted.map(({ consultation }) => consultation),
      agreements: ofStage('agreed').reduce((sum, step) => sum + (step.agreements as unknown[]).length, 0),
      accepted: accepted ? { ...summaryOf(accepted)!, reason: (accepted.reason as string | null) ?? null } : null,
      adopted: { ...summaryOf(adopted)!, proposalRevision: adoption.data.proposalRevision },
      milestones: ofStage('milestone').length,
      progressReports: progress.length,
      completion: (latest?.completion as string | undefined) ?? 'not-started',
      latestProgress: latest
        ? {
            at: latest.at,
            position: latest.position,
            completion: latest.completion as string,
            note: latest.note as string,
            evidenceUrl: latest.evidenceUrl as string | null,
          }
        : null,
      firstPosition: steps[0].position,
      lastPosition: steps[steps.length - 1].position,
    },
    steps,
  };
};
