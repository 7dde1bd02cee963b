import type { ConsultationStatus } from './consultation.decider';

/**
 * The announced schedule of consultations, kept: a scheduled consultation opens at its `opensAt`, an open or
 * paused one closes at its `closesAt`, unless a moderator did it first; one whose closing time came before it
 * ever opened (the server was down through it, or no moderator opened it) closes without opening. Pure: given
 * the consultations as the read models have them and the time, what is due now and when to look again.
 */

/**
 * Consultations scheduled before this moment announced their times for information only (the server did not keep
 * them then): their times stay announcements, so that an upgrade does not open or close them all at once.
 */
export const SCHEDULE_KEPT_SINCE = '2026-11-28T00:00:00Z';

export interface Scheduled {
  id: string;
  status: ConsultationStatus;
  opensAt?: string;
  closesAt?: string;
  /** When it was scheduled (the time ConsultationScheduled was recorded). */
  createdAt: string;
}

export type ScheduledCommand = 'OpenConsultation' | 'CloseConsultation';

export interface Due {
  consultationId: string;
  command: ScheduledCommand;
  /** The announced time it carries out. */
  at: string;
}

export interface Plan {
  due: Due[];
  /** The next time something falls due, milliseconds since the epoch; undefined when nothing will. */
  next?: number;
}

const keptSince = Date.parse(SCHEDULE_KEPT_SINCE);

/** A time of the schedule, or undefined when there is none or it cannot be read (then it is not kept). */
const instant = (time: string | undefined): number | undefined => {
  const at = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(at) ? undefined : at;
};

/** The command a consultation's schedule calls for next, if any, and when. */
const nextStep = (consultation: Scheduled, now: number): (Due & { time: number }) | undefined => {
  const { id: consultationId, status, opensAt, closesAt } = consultation;
  if (!(Date.parse(consultation.createdAt) >= keptSince)) return undefined;
  const [open, close] = [instant(opensAt), instant(closesAt)];
  const closing = close === undefined ? undefined : { consultationId, command: 'CloseConsultation' as const, at: closesAt!, time: close };
  if (status === 'scheduled') {
    if (closing && close! <= now) return closing; // its time passed before it ever opened
    if (open !== undefined) return { consultationId, command: 'OpenConsultation', at: opensAt!, time: open };
    return closing;
  }
  return status === 'open' || status === 'paused' ? closing : undefined;
};

export const planSchedule = (consultations: Iterable<Scheduled>, now: number): Plan => {
  const due: Array<Due & { time: number }> = [];
  let next: number | undefined;
  for (const consultation of consultations) {
    const step = nextStep(consultation, now);
    if (!step) continue;
    if (step.time <= now) due.push(step);
    else next = Math.min(next ?? step.time, step.time);
  }
  // Oldest first: a schedule missed while the server was down is carried out in the order it was announced.
  due.sort((a, b) => a.time - b.time);
  return { due: due.map(({ time: _, ...step }) => step), next };
};

/** The command id a scheduled step is recorded under: every node that carries it out gives the same, so it is recorded once. */
export const scheduledCommandId = ({ consultationId, command }: Pick<Due, 'consultationId' | 'command'>): string =>
  `schedule:${consultationId}:${command === 'OpenConsultation' ? 'open' : 'close'}`;
