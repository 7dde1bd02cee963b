import type { RecordedEvent } from '@cocrea/event-store';
import { documentAsOf, found, unanswered, streamDocumentAsOf, type LogMoment, type ReadSide, type Recorded, t } from '@cocrea/platform';
import { EDITABLE_FIELDS, proposalStream, type EditableField, type ProposalEvent, type ProposalStatus } from './proposal.decider';
import { PROPOSALS, proposalProjection, type ProposalView } from './proposal.projection';

/**
 * One entry of a proposal's history: an event of its stream, or of another stream that mentions it (a meeting's
 * minutes with an agreement on it), with who recorded it and when.
 */
export interface ProposalHistoryEntry {
  /** The proposal's stream, or the stream of the event that mentions it. */
  streamId: string;
  /** The revision of `streamId` the event made. */
  revision: number;
  position: number;
  type: string;
  actor: { id: string | null; name: string | null };
  time: string;
  data: unknown;
}

/** A revision of a proposal: where it is in its stream and the log, and when it was recorded. */
export interface ProposalRevision {
  revision: number;
  position: number;
  time: string;
}

export interface FieldChange {
  before: string | null;
  after: string | null;
  edits: Array<ProposalRevision & { actor: { id: string | null; name: string | null }; text: string }>;
}

export interface ProposalDiff {
  proposalId: string;
  from: ProposalRevision;
  to: ProposalRevision;
  changes: Partial<Record<EditableField, FieldChange>>;
}

export const proposals = (read: ReadSide, filter: { planId?: string; workingGroupId?: string; status?: ProposalStatus }): ProposalView[] =>
  read.models.find<ProposalView>(PROPOSALS, filter);

export const proposalById = (read: ReadSide, proposalId: string): ProposalView =>
  found(read.models.get<ProposalView>(PROPOSALS, proposalId), t`proposal`, proposalId);

/** The proposal as it was at a moment of the log (a position or a time), with that moment. */
export const proposalAsOf = (read: ReadSide, proposalId: string, asOf: string): Promise<ProposalView & { asOf: LogMoment }> =>
  streamDocumentAsOf<ProposalView>(read.store, asOf, {
    streamId: proposalStream(proposalId),
    projection: proposalProjection,
    collection: PROPOSALS,
    entity: t`proposal`,
    id: proposalId,
  });

/** The proposal's events, read from the log itself: the record, always complete. */
const eventsOf = async (read: ReadSide, proposalId: string): Promise<Array<Recorded<ProposalEvent>>> => {
  const events = await read.events<ProposalEvent>(proposalStream(proposalId));
  return events.length === 0 ? unanswered('not-found', t`proposal ${proposalId} not found`) : events;
};

const actorOf = (event: RecordedEvent) => ({ id: event.metadata.actorId ?? null, name: event.metadata.actorName ?? null });

const entryOf = (event: RecordedEvent): ProposalHistoryEntry => ({
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
  type: event.type,
  actor: actorOf(event),
  time: event.recordedAt,
  data: event.data,
});

/** The proposal's events and the events that mention it, in log order. */
export const proposalHistory = async (read: ReadSide, proposalId: string): Promise<ProposalHistoryEntry[]> => {
  const own = await eventsOf(read, proposalId);
  const mentions = await read.mentions(proposalStream(proposalId));
  return [...own, ...mentions].sort((a, b) => a.position - b.position).map(entryOf);
};

/** The field an event of the proposal stream changed and the text it set, if it is an edit. */
const editOf = (event: ProposalEvent): { field: EditableField; text: string } | undefined => {
  if (event.type === 'ProposalSectionEdited') return { field: event.data.section, text: event.data.text };
  if (event.type === 'ProposalRetitled') return { field: 'title', text: event.data.title };
  return undefined;
};

const revisionOf = (event: Recorded<ProposalEvent>): ProposalRevision => ({
  revision: event.revision,
  position: event.position,
  time: event.recordedAt,
});

/**
 * The title and the sections whose text differs between two revisions, each with every edit in between.
 * Both states are folded by the read model's own projection, so "before" and "after" read as GET did then.
 */
export const proposalDiff = async (read: ReadSide, proposalId: string, range: { from?: number; to?: number }): Promise<ProposalDiff> => {
  const events = await eventsOf(read, proposalId);
  const current = events.length;
  const from = range.from ?? 1;
  const to = range.to ?? current;
  if (to > current) return unanswered('invalid', t`to must be at most ${current}, the proposal's current revision`);
  if (from > to) return unanswered('invalid', t`from must be at most to (${to})`);
  const at = (revision: number) =>
    documentAsOf<ProposalView>(proposalProjection, events.slice(0, revision), PROPOSALS, proposalId) as ProposalView;
  const [before, after] = [at(from), at(to)];
  const textOf = (view: ProposalView, field: EditableField) => (field === 'title' ? view.title : (view.sections[field] ?? null));
  const edits = events.slice(from, to).flatMap((event) => {
    const edit = editOf(event);
    return edit ? [{ ...edit, event }] : [];
  });
  const changes: ProposalDiff['changes'] = {};
  for (const field of EDITABLE_FIELDS) {
    if (textOf(before, field) === textOf(after, field)) continue;
    changes[field] = {
      before: textOf(before, field),
      after: textOf(after, field),
      edits: edits.filter((edit) => edit.field === field).map(({ text, event }) => ({ ...revisionOf(event), actor: actorOf(event), text })),
    };
  }
  return { proposalId, from: revisionOf(events[from - 1]), to: revisionOf(events[to - 1]), changes };
};
