import type { RecordedEvent } from '@cocrea/event-store';
import { unanswered, type ReadSide, t } from '@cocrea/platform';
import { commitmentStream, type CommitmentEvent } from '@cocrea/co-creation/commitments';
import { consultationStream, consultations, type ConsultationEvent } from '@cocrea/co-creation/consultations';
import { proposalStream } from '@cocrea/co-creation/proposals';
import { ClosingTally, ConsultationRecord, DecisionTrace, closingCount, decisionTrace } from './trace';

const PAGE = 2000;

/**
 * Reads a commitment's decision trace from the log.
 *
 * - The commitment and proposal streams are read as recorded; so are the events that mention either (a meeting's
 *   minutes with an agreement on them), found through the read models' mention feeds as far as they have got
 *   (`?minPosition=` waits for a given write).
 * - The consultations that included the proposal are found through the consultations read model, used only as an
 *   index (the store has no index by category), then each is read back from its own stream. The index is complete
 *   once the read models have reached the proposal's last event: a consultation can only be scheduled while the
 *   proposal is submitted, and the schedule's append is conditional on the proposal stream not having moved, so
 *   every consultation of the proposal is recorded before its acceptance.
 * - The tally at close is recounted from the ballot events in the log, not taken from the tally read model: the
 *   trace is then an independent recount of the published result. A ballot append is conditional on the
 *   consultation stream's revision, so every ballot event lies between the first opening and the close; only
 *   that window of the global log is read. A closed consultation never changes, so its tally is kept.
 */
export class DecisionTraces {
  private readonly closingTallies = new Map<string, ClosingTally>();

  constructor(private readonly read: ReadSide) {}

  async of(commitmentId: string): Promise<DecisionTrace> {
    const commitmentEvents = await this.read.store.readStream(commitmentStream(commitmentId));
    const adoption = commitmentEvents[0] as (Extract<CommitmentEvent, { type: 'CommitmentAdopted' }> & RecordedEvent) | undefined;
    if (adoption?.type !== 'CommitmentAdopted') return unanswered('not-found', t`commitment ${commitmentId} not found`);
    const { proposalId, planId } = adoption.data;
    const proposalEvents = await this.read.store.readStream(proposalStream(proposalId));
    const consultations = await this.consultationsOf(proposalId, planId, proposalEvents.at(-1)?.position ?? 0);
    // One meeting's minutes may name both: each event once.
    const mentions = new Map<number, RecordedEvent>();
    for (const streamId of [proposalStream(proposalId), commitmentStream(commitmentId)]) {
      for (const event of await this.read.mentions(streamId)) mentions.set(event.position, event);
    }
    return decisionTrace(commitmentEvents, proposalEvents, consultations, [...mentions.values()]);
  }

  private async consultationsOf(proposalId: string, planId: string, proposalSettledAt: number): Promise<ConsultationRecord[]> {
    if (!(await this.read.reached(proposalSettledAt))) {
      return unanswered('behind', t`read models have not reached position ${proposalSettledAt} yet; retry shortly`);
    }
    const candidates = consultations(this.read, { planId }).filter((view) => view.proposalIds.includes(proposalId));
    const records: ConsultationRecord[] = [];
    for (const candidate of candidates) {
      const events = await this.read.store.readStream(consultationStream(candidate.id));
      const scheduled = events[0] as (Extract<ConsultationEvent, { type: 'ConsultationScheduled' }> & RecordedEvent) | undefined;
      // The log is the authority: a candidate whose recorded schedule does not list the proposal is not part of the trace.
      if (scheduled?.type !== 'ConsultationScheduled' || !scheduled.data.proposalIds.includes(proposalId)) continue;
      records.push({ events, tally: await this.closingTally(events, scheduled.data.proposalIds) });
    }
    return records.sort((a, b) => a.events[0].position - b.events[0].position);
  }

  private async closingTally(events: RecordedEvent[], proposalIds: string[]): Promise<ClosingTally | null> {
    const closed = events.find((event) => event.type === 'ConsultationClosed');
    if (!closed) return null;
    const consultationId = (closed.data as { consultationId: string }).consultationId;
    const kept = this.closingTallies.get(consultationId);
    if (kept) return kept;
    const opened = events.find((event) => event.type === 'ConsultationOpened');
    const counting = closingCount(consultationId, closed.position);
    for await (const recorded of this.readWindow(opened?.position ?? closed.position, closed.position)) counting.count(recorded);
    const tally = counting.tally(proposalIds);
    this.closingTallies.set(consultationId, tally);
    return tally;
  }

  /** The global log strictly between two positions, read in pages. */
  private async *readWindow(after: number, before: number): AsyncGenerator<RecordedEvent> {
    let cursor = after;
    while (cursor < before - 1) {
      const page = await this.read.store.readAll({ after: cursor, maxCount: Math.min(PAGE, before - 1 - cursor) });
      if (page.length === 0) return;
      for (const event of page) if (event.position < before) yield event;
      cursor = page[page.length - 1].position;
    }
  }
}
