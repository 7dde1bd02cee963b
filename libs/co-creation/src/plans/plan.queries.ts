import { found, streamDocumentAsOf, type LogMoment, type ReadSide, t } from '@cocrea/platform';
import { planStream } from './plan.decider';
import { PLANS, planProjection, type PlanView } from './plan.projection';

/** Every plan, in creation order. */
export const allPlans = (read: ReadSide): PlanView[] => read.models.find<PlanView>(PLANS);

export const planById = (read: ReadSide, planId: string): PlanView => found(read.models.get<PlanView>(PLANS, planId), t`plan`, planId);

/** The plan as it was at a moment of the log (a position or a time), with that moment. */
export const planAsOf = (read: ReadSide, planId: string, asOf: string): Promise<PlanView & { asOf: LogMoment }> =>
  streamDocumentAsOf<PlanView>(read.store, asOf, {
    streamId: planStream(planId),
    projection: planProjection,
    collection: PLANS,
    entity: t`plan`,
    id: planId,
  });
