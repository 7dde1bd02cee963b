import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import { PlanEvent, planDecider } from './plan.decider';

const spec = DeciderSpecification.for(planDecider);
const created: PlanEvent = {
  type: 'PlanCreated',
  data: { planId: 'p1', title: 'III Plan', country: 'CO', periodStart: '2017-07-01', periodEnd: '2019-06-30', themes: ['transparency'] },
};

describe('plan decider', () => {
  it('creates a plan in co-creation, without duplicate themes', () =>
    spec
      .given([])
      .when({ type: 'CreatePlan', data: { ...created.data, themes: ['transparency', 'transparency'] } })
      .then([created]));

  it('refuses to create a plan twice', () =>
    spec.given([created]).when({ type: 'CreatePlan', data: created.data }).thenThrows('plan-exists'));

  it('refuses a period that ends before it starts', () =>
    spec
      .given([])
      .when({ type: 'CreatePlan', data: { ...created.data, periodStart: '2019-01-01', periodEnd: '2018-01-01' } })
      .thenThrows('invalid-period'));

  it('compares the period as points in time, whatever the format', () =>
    spec
      .given([])
      .when({ type: 'CreatePlan', data: { ...created.data, periodStart: '2017-07-01T23:00:00-05:00', periodEnd: '2017-07-02' } })
      .thenThrows('invalid-period'));

  it('moves one phase forward', () =>
    spec
      .given([created])
      .when({ type: 'ChangePlanPhase', data: { planId: 'p1', to: 'consultation' } })
      .then([{ type: 'PlanPhaseChanged', data: { planId: 'p1', from: 'co-creation', to: 'consultation', reason: undefined } }]));

  it('refuses to skip or go back a phase', () => {
    spec
      .given([created])
      .when({ type: 'ChangePlanPhase', data: { planId: 'p1', to: 'adopted' } })
      .thenThrows('wrong-phase');
    spec
      .given([created, { type: 'PlanPhaseChanged', data: { planId: 'p1', from: 'co-creation', to: 'consultation' } }])
      .when({ type: 'ChangePlanPhase', data: { planId: 'p1', to: 'co-creation' } })
      .thenThrows('wrong-phase');
  });

  it('does nothing when the plan is already in the phase', () =>
    spec
      .given([created])
      .when({ type: 'ChangePlanPhase', data: { planId: 'p1', to: 'co-creation' } })
      .thenNothingHappens());

  it('refuses a phase change of an unknown plan', () =>
    spec
      .given([])
      .when({ type: 'ChangePlanPhase', data: { planId: 'p1', to: 'consultation' } })
      .thenThrows('not-found'));
});
