import type { CommitmentView } from '@cocrea/co-creation/commitments';
import type { MeetingView } from '@cocrea/co-creation/meetings';
import type { PlanView } from '@cocrea/co-creation/plans';

/**
 * A plan's commitments as open data, in the shape OGP action-plan trackers publish: per commitment its lead
 * entity, branch, themes, milestones with their dates and completion, overall completion and latest progress.
 */
export interface OpenDataMilestone {
  id: string;
  title: string;
  deliverable: string | null;
  startDate: string;
  endDate: string;
  completion: string;
}

export interface OpenDataProgress {
  date: string;
  completion: string;
  note: string;
  evidenceUrl: string | null;
  milestoneId: string | null;
}

export interface OpenDataCommitment {
  id: string;
  proposalId: string;
  title: string;
  leadEntity: string;
  branch: string;
  themes: string[];
  adoptedAt: string;
  completion: string;
  milestones: OpenDataMilestone[];
  latestProgress: OpenDataProgress | null;
}

/** A meeting as open data: the forum's public record — when, who was invited, how many came by sector, what it agreed. */
export interface OpenDataMeeting {
  id: string;
  kind: string;
  title: string;
  workingGroupId: string | null;
  startsAt: string;
  endsAt: string;
  status: string;
  invited: { entities: string[]; organisations: string[] };
  agenda: string[];
  attendance: { total: number; bySector: Record<string, number> };
  /** Closed polls with their results; never who voted. */
  polls: Array<{ question: string; form: string; votes: Array<{ label: string; votes: number }> }>;
  agreements: Array<{ text: string; responsibleEntity: string; dueDate: string; proposalId: string | null; commitmentId: string | null }>;
}

export interface PlanExport {
  plan: { id: string; title: string; country: string; periodStart: string; periodEnd: string; themes: string[]; phase: string };
  /** The log position the read models had reached when this export was made. */
  asOfPosition: number;
  commitments: OpenDataCommitment[];
  /** JSON only: the CSV is one row per milestone. */
  meetings?: OpenDataMeeting[];
}

/** What a meeting publishes as open data (the polls' results once closed, the minutes' agreements). */
export const openDataMeeting = (meeting: MeetingView, votesOf: (pollId: string) => Record<string, number>): OpenDataMeeting => ({
  id: meeting.id,
  kind: meeting.kind,
  title: meeting.title,
  workingGroupId: meeting.workingGroupId ?? null,
  startsAt: meeting.startsAt,
  endsAt: meeting.endsAt,
  status: meeting.status,
  invited: { entities: [...meeting.invited.entities], organisations: [...meeting.invited.organisations] },
  agenda: meeting.agenda.map((item) => item.title),
  attendance: { total: meeting.attendance.total, bySector: { ...meeting.attendance.bySector } },
  polls: meeting.polls
    .filter((poll) => poll.status === 'closed')
    .map((poll) => {
      const votes = votesOf(poll.id);
      return {
        question: poll.question,
        form: poll.form,
        votes: poll.options.map((o) => ({ label: o.label, votes: votes[o.optionId] ?? 0 })),
      };
    }),
  agreements: (meeting.minutes?.agreements ?? []).map((a) => ({
    text: a.text,
    responsibleEntity: a.responsibleEntity,
    dueDate: a.dueDate,
    proposalId: a.proposalId ?? null,
    commitmentId: a.commitmentId ?? null,
  })),
});

export const planExport = (
  plan: PlanView,
  commitments: readonly CommitmentView[],
  asOfPosition: number,
  meetings?: readonly OpenDataMeeting[],
): PlanExport => ({
  plan: {
    id: plan.id,
    title: plan.title,
    country: plan.country,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    themes: [...plan.themes],
    phase: plan.phase,
  },
  asOfPosition,
  commitments: commitments.map((c) => {
    const latest = c.progress.at(-1);
    return {
      id: c.id,
      proposalId: c.proposalId,
      title: c.title,
      leadEntity: c.leadEntity,
      branch: c.branch,
      themes: [...c.themes],
      adoptedAt: c.adoptedAt,
      completion: c.completion,
      milestones: c.milestones.map(({ id, title, deliverable, startDate, endDate, completion }) => ({
        id,
        title,
        deliverable,
        startDate,
        endDate,
        completion,
      })),
      latestProgress: latest
        ? {
            date: latest.reportedAt,
            completion: latest.completion,
            note: latest.note,
            evidenceUrl: latest.evidenceUrl,
            milestoneId: latest.milestoneId,
          }
        : null,
    };
  }),
  ...(meetings ? { meetings: [...meetings] } : {}),
});

/** Themes share one CSV cell; the JSON export keeps them as an array. */
export const THEME_SEPARATOR = '; ';

export const CSV_COLUMNS = [
  'plan_id',
  'plan_title',
  'commitment_id',
  'commitment_title',
  'lead_entity',
  'branch',
  'themes',
  'commitment_completion',
  'milestone_id',
  'milestone_title',
  'milestone_deliverable',
  'milestone_start',
  'milestone_end',
  'milestone_completion',
  'latest_progress_date',
  'latest_progress_completion',
  'latest_progress_note',
  'latest_progress_evidence_url',
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | null>;

/**
 * One row per milestone, the commitment's fields repeated on each (the layout of OGP trackers, which list
 * milestones one per line); a commitment without milestones still has one row, with empty milestone cells.
 */
export const csvRows = (data: PlanExport): CsvRow[] =>
  data.commitments.flatMap((c) => {
    const commitment = {
      plan_id: data.plan.id,
      plan_title: data.plan.title,
      commitment_id: c.id,
      commitment_title: c.title,
      lead_entity: c.leadEntity,
      branch: c.branch,
      themes: c.themes.join(THEME_SEPARATOR),
      commitment_completion: c.completion,
    };
    const progress = {
      latest_progress_date: c.latestProgress?.date ?? null,
      latest_progress_completion: c.latestProgress?.completion ?? null,
      latest_progress_note: c.latestProgress?.note ?? null,
      latest_progress_evidence_url: c.latestProgress?.evidenceUrl ?? null,
    };
    const milestones = c.milestones.length > 0 ? c.milestones : [null];
    return milestones.map((m) => ({
      ...commitment,
      milestone_id: m?.id ?? null,
      milestone_title: m?.title ?? null,
      milestone_deliverable: m?.deliverable ?? null,
      milestone_start: m?.startDate ?? null,
      milestone_end: m?.endDate ?? null,
      milestone_completion: m?.completion ?? null,
      ...progress,
    }));
  });

/** Spreadsheet programs run a cell that starts with one of these as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain number (`-5`, `+1.5`): a spreadsheet reads it as that number, so its sign starts no formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Text a spreadsheet would run as a formula gets a leading single quote, which makes the cell text (OWASP). */
const defused = (text: string): string => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);

/**
 * RFC 4180: a field with a comma, a quote, CR or LF is quoted, and its quotes doubled. A field defused against
 * formulas is quoted as well, its single quote inside the quotes, as OWASP recommends.
 */
export const csvField = (value: string | null): string => {
  const text = value ?? '';
  const safe = defused(text);
  return safe !== text || /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** RFC 4180: a header row, then one record per row, every line ending in CRLF. */
export const toCsv = (data: PlanExport): string =>
  [CSV_COLUMNS.join(','), ...csvRows(data).map((row) => CSV_COLUMNS.map((column) => csvField(row[column])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
