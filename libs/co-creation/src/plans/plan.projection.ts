import { projection, touchedBy } from '@cocrea/platform';
import { PLAN_CATEGORY, type PlanEvent, type PlanPhase } from './plan.decider';

export const PLANS = 'plans';

export interface PlanView {
  id: string;
  title: string;
  country: string;
  periodStart: string;
  periodEnd: string;
  themes: string[];
  phase: PlanPhase;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  position: number;
}

export const planProjection = projection<PlanEvent>({
  name: 'plans',
  categories: [PLAN_CATEGORY],
  apply(event, models) {
    const touched = touchedBy(event);
    switch (event.type) {
      case 'PlanCreated': {
        const { planId, ...fields } = event.data;
        models.put<PlanView>(PLANS, planId, {
          id: planId,
          ...fields,
          themes: [...fields.themes],
          phase: 'co-creation',
          createdBy: event.metadata.actorId ?? 'unknown',
          createdAt: event.recordedAt,
          ...touched,
        });
        return;
      }
      case 'PlanPhaseChanged':
        models.update<PlanView>(PLANS, event.data.planId, (plan) => ({ ...plan, phase: event.data.to, ...touched }));
        return;
    }
  },
});
