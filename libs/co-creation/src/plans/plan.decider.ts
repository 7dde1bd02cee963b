import { Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { t } from '@cocrea/platform/i18n/text';

export const PLAN_PHASES = ['co-creation', 'consultation', 'adopted', 'implementation', 'closed'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

export type PlanEvent =
  | Event<'PlanCreated', { planId: string; title: string; country: string; periodStart: string; periodEnd: string; themes: string[] }>
  | Event<'PlanPhaseChanged', { planId: string; from: PlanPhase; to: PlanPhase; reason?: string }>;

export type PlanCommand =
  | {
      type: 'CreatePlan';
      data: { planId: string; title: string; country: string; periodStart: string; periodEnd: string; themes: string[] };
    }
  | { type: 'ChangePlanPhase'; data: { planId: string; to: PlanPhase; reason?: string } };

export type Plan = { status: 'absent' } | { status: 'created'; planId: string; title: string; themes: string[]; phase: PlanPhase };

export const PLAN_CATEGORY = 'plan';
export const planStream = (planId: string) => `${PLAN_CATEGORY}-${planId}`;

export const planDecider: Decider<Plan, PlanCommand, PlanEvent> = {
  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    switch (command.type) {
      case 'CreatePlan': {
        if (state.status !== 'absent') return refuse('plan-exists', t`plan ${command.data.planId} already exists`);
        const { periodStart, periodEnd } = command.data;
        if (Date.parse(periodEnd) < Date.parse(periodStart)) refuse('invalid-period', t`periodEnd must not be before periodStart`);
        return [{ type: 'PlanCreated', data: { ...command.data, themes: [...new Set(command.data.themes)] } }];
      }
      case 'ChangePlanPhase': {
        if (state.status === 'absent') return refuse('not-found', t`plan ${command.data.planId} not found`);
        const from = PLAN_PHASES.indexOf(state.phase);
        const to = PLAN_PHASES.indexOf(command.data.to);
        if (to === from) return [];
        if (to !== from + 1) {
          return refuse('wrong-phase', t`a plan in phase ${state.phase} can only move to ${PLAN_PHASES[from + 1] ?? t`no other phase`}`);
        }
        return [
          { type: 'PlanPhaseChanged', data: { planId: state.planId, from: state.phase, to: command.data.to, reason: command.data.reason } },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PlanCreated':
        return {
          status: 'created',
          planId: event.data.planId,
          title: event.data.title,
          themes: [...event.data.themes],
          phase: 'co-creation',
        };
      case 'PlanPhaseChanged':
        return state.status === 'created' ? { ...state, phase: event.data.to } : state;
    }
  },
};
