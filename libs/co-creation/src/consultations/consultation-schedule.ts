import type { ConsultationStatus } from './consultation.decider';

/**
 * The announced schedule of consultations, kept: a scheduled consultation opens at its `opensAt`, an open or
 * paused one closes at its `closesAt`, unless a moderator did it first. Pure: given the consultations as the
 * read models have them and the time, what is due now and when to look again.
 */

export interface Scheduled {
  id: string;
  status: ConsultationStatus;
  opensAt?: string;
  closesAt?: string;
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

/** The command a consultation's schedule calls for next, if any, and when. */
const nextStep = (consultation: Scheduled): Due | undefined => {
  const { id: consultationId, status, opensAt, closesAt } = consultation;
  if (status === 'scheduled' && opensAt) return { consultationId, command: 'OpenConsultation', at: opensAt };
  if ((status === 'open' || status === 'paused') && closesAt) return { consultationId, command: 'CloseConsultation', at: closesAt };
  return undefined;
};

export const planSchedule = (consultations: Iterable<Scheduled>, now: number): Plan => {
  const due: Due[] = [];
  let next: number | undefined;
  for (const consultation of consultations) {
    const step = nextStep(consultation);
    if (!step) continue;
    const at = Date.parse(step.at);
    if (at <= now) due.push(step);
    else next = Math.min(next ?? at, at);
  }
  // Oldest first: a schedule missed while the server was down is carried out in the order it was announced.
  due.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { due, next };
};

/** The command id a scheduled step is recorded under: every node that carries it out gives the same, so it is recorded once. */
export const scheduledCommandId = ({ consultationId, command }: Pick<Due, 'consultationId' | 'command'>): string =>
  `schedule:${consultationId}:${command === 'OpenConsultation' ? 'open' : 'close'}`;
