import type { CommandContext, CommandHandler } from '@cocrea/platform';
import { LifecycleCommand, consultationDecider, consultationStream } from './consultation.decider';

/** Opens, pauses or closes a consultation: for a moderator's request and for the announced schedule alike. */
export const moveConsultation = (
  commands: CommandHandler,
  consultationId: string,
  type: LifecycleCommand,
  context: CommandContext,
  onSchedule = false,
) =>
  commands.handle(
    consultationStream(consultationId),
    consultationDecider,
    (state) => consultationDecider.decide({ type, data: { consultationId, ...(onSchedule ? { onSchedule } : {}) } }, state),
    context,
    { notFound: { entity: 'consultation', id: consultationId } },
  );
