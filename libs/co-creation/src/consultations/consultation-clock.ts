import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Actor, CommandHandler, DomainError, ProjectionRunner, ReadSide } from '@cocrea/platform';
import { keepSchedule } from './consultation.commands';
import { CONSULTATION_CATEGORY } from './consultation.decider';
import { consultations } from './consultation.queries';
import { Due, planSchedule, scheduledCommandId } from './consultation-schedule';

/** Who the events of the announced schedule are recorded as. */
export const SCHEDULE_ACTOR: Actor = { id: 'schedule', name: 'Announced schedule', roles: ['moderator'] };

/** A failed step is tried again after this long. */
const RETRY_MS = 5_000;
/** Longest sleep between two looks at the schedule (a timer cannot wait weeks, and clocks drift). */
const MAX_SLEEP_MS = 3_600_000;

/**
 * Keeps the announced schedule: opens a scheduled consultation at its `opensAt` and closes an open or paused
 * one at its `closesAt`, unless a moderator did it first, and catches up at start on what fell due while the
 * server was down. Every node runs one; a step is recorded under a command id derived from it, so however many
 * nodes carry it out it is recorded once. The schedule is read from the read models once they have caught up
 * with the log, and looked at again whenever a consultation's events are applied; the decider still checks each
 * step against the consultation's stream (a scheduled opening never resumes what a moderator paused).
 */
@Injectable()
export class ConsultationClock implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Schedule');
  private timer?: NodeJS.Timeout;
  private stopListening?: () => void;
  private busy = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
    private readonly projections: ProjectionRunner,
  ) {}

  onApplicationBootstrap(): void {
    const prefix = `${CONSULTATION_CATEGORY}-`;
    this.stopListening = this.projections.onApplied((events) => {
      if (events.some((event) => event.streamId.startsWith(prefix))) this.wake(0);
    });
    this.wake(0);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopListening?.();
  }

  private wake(inMs: number): void {
    if (this.stopped) return;
    // While a look is under way, what it plans next must not replace this: it looks once more when it ends.
    if (this.busy && inMs <= 0) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.look(), Math.min(Math.max(0, inMs), MAX_SLEEP_MS));
  }

  /** Carries out what is due, then sleeps until the next step falls due. */
  private async look(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    let retry = false;
    try {
      // Only from read models that have caught up with the log: a stale view must not act on a past state.
      if (!(await this.read.reached(await this.read.store.headPosition(), RETRY_MS))) {
        this.wake(RETRY_MS);
        return;
      }
      const { due, next } = planSchedule(consultations(this.read, {}), Date.now());
      for (const step of due) {
        if (this.stopped) return;
        retry = !(await this.carryOut(step)) || retry;
      }
      const until = Math.min(next ?? Infinity, retry ? Date.now() + RETRY_MS : Infinity);
      this.wake(until === Infinity ? MAX_SLEEP_MS : until - Date.now());
    } catch (error) {
      this.logger.error(`the schedule could not be read: ${String((error as Error)?.stack ?? error)}`);
      this.wake(RETRY_MS);
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        this.wake(0);
      }
    }
  }

  /** One step; false when it should be tried again. A refusal (a moderator acted first, say) is not retried. */
  private async carryOut(step: Due): Promise<boolean> {
    const verb = step.command === 'OpenConsultation' ? 'opened' : 'closed';
    try {
      const commandId = scheduledCommandId(step);
      const recorded = await keepSchedule(this.commands, step, { actor: SCHEDULE_ACTOR, commandId });
      if (recorded) this.logger.log(`consultation ${step.consultationId} ${verb} as announced for ${step.at}`);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return true;
      this.logger.error(
        `consultation ${step.consultationId} could not be ${verb} as announced: ${String((error as Error)?.message ?? error)}`,
      );
      return false;
    }
  }
}
