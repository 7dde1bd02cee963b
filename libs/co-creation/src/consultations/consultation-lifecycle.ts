import type { CommandContext, CommandHandler } from '@cocrea/platform';
import { LifecycleCommand, consultationDecider, consultationStream } from './consultation.decider';

/** Opens, pauses or closes a consultation: for a moderator's request and for the announced schedule alike. */
export const moveConsultation = (commands: CommandHandler, consultationId: string, type: LifecycleCommand, context: CommandContext) =>
  commands.handle(
    consultationStream(consultationId),
    consultationDecider,
    (state) => consultationDecider.decide({ type, data: { consultationId } }, state),
    context,
    { notFound: { entity: 'consultation', id: consultationId } },
  );
