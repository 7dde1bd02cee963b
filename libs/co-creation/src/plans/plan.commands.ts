import { randomUUID } from 'node:crypto';
import { acknowledgement, idOfStream, type Acknowledgement, type CommandContext, type CommandHandler } from '@cocrea/platform';
import { planDecider, planStream, type PlanCommand, type PlanPhase } from './plan.decider';

type NewPlan = Omit<Extract<PlanCommand, { type: 'CreatePlan' }>['data'], 'planId'>;

export const createPlan = async (commands: CommandHandler, plan: NewPlan, context: CommandContext): Promise<Acknowledgement> => {
  const planId = randomUUID();
  const outcome = await commands
    .with(planDecider)
    .decide(planStream(planId), { type: 'CreatePlan', data: { planId, ...plan } }, context, { creates: true });
  // A retried Idempotency-Key answers the plan the first attempt created.
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

export const changePlanPhase = async (
  commands: CommandHandler,
  planId: string,
  change: { to: PlanPhase; reason?: string },
  context: CommandContext,
): Promise<Acknowledgement> =>
  acknowledgement(
    planId,
    await commands.with(planDecider).decide(planStream(planId), { type: 'ChangePlanPhase', data: { planId, ...change } }, context),
  );
