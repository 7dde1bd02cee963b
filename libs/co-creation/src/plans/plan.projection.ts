import type { RecordedEvent } from '@cocrea/event-store';
import { touchedBy, type Projection, type ReadModelWriter } from '@cocrea/platform';
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

export const planProjection: Projection = {
  name: 'plans',
  categories: [PLAN_CATEGORY],
  apply(recorded: RecordedEvent, models: ReadModelWriter) {
    const event = recorded as unknown as PlanEvent & RecordedEvent;
    const touched = touchedBy(recorded);
    switch (event.type) {
      case 'PlanCreated': {
        const { planId, ...fields } = event.data;
        models.put<PlanView>(PLANS, planId, {
          id: planId,
          ...fields,
          themes: [...fields.themes],
          phase: 'co-creation',
          createdBy: recorded.metadata.actorId ?? 'unknown',
          createdAt: recorded.recordedAt,
          ...touched,
        });
        return;
      }
      case 'PlanPhaseChanged':
        models.update<PlanView>(PLANS, event.data.planId, (plan) => ({ ...plan, phase: event.data.to, ...touched }));
        return;
    }
  },
};
