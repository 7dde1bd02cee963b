import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import type { Plan } from '../plans';
import type { Proposal } from '../proposals';
import { ConsultationCommand, ConsultationEvent, consultationDecider } from './consultation.decider';

const spec = DeciderSpecification.for(consultationDecider);

const plan: Plan = { status: 'created', planId: 'plan-1', title: 'III Plan', themes: ['transparency'], phase: 'consultation' };
const proposal = (proposalId: string, overrides: Partial<{ status: Proposal['status']; planId: string }> = {}): Proposal =>
  ({
    status: 'submitted',
    proposalId,
    planId: 'plan-1',
    workingGroupId: 'wg-1',
    title: `Proposal ${proposalId}`,
    leadEntity: 'MinTIC',
    branch: 'executive',
    themes: ['transparency'],
    sections: {},
    ...overrides,
  }) as Proposal;

const rules = { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'live' as const };
const scheduled: ConsultationEvent = {
  type: 'ConsultationScheduled',
  data: { consultationId: 'c1', planId: 'plan-1', title: 'Priorización', proposalIds: ['a', 'b', 'c'], rules },
};
const opened: ConsultationEvent = { type: 'ConsultationOpened', data: { consultationId: 'c1' } };
const paused: ConsultationEvent = { type: 'ConsultationPaused', data: { consultationId: 'c1' } };
const resumed: ConsultationEvent = { type: 'ConsultationResumed', data: { consultationId: 'c1' } };
const closed: ConsultationEvent = { type: 'ConsultationClosed', data: { consultationId: 'c1' } };

type Schedule = Extract<ConsultationCommand, { type: 'ScheduleConsultation' }>;
type ScheduleOverrides = Partial<Schedule['data'] & Schedule['context']>;
const schedule = ({ plan: planNow = plan, proposals, now, ...overrides }: ScheduleOverrides = {}): ConsultationCommand => ({
  type: 'ScheduleConsultation',
  data: { ...(scheduled.data as Schedule['data']), ...overrides },
  context: {
    plan: planNow,
    proposals: proposals ?? { a: proposal('a'), b: proposal('b'), c: proposal('c') },
    now: now ?? '2017-04-20T12:00:00Z',
  },
});
const open: ConsultationCommand = { type: 'OpenConsultation', data: { consultationId: 'c1' } };
const pause: ConsultationCommand = { type: 'PauseConsultation', data: { consultationId: 'c1' } };
const close: ConsultationCommand = { type: 'CloseConsultation', data: { consultationId: 'c1' } };

describe('consultation decider', () => {
  describe('scheduling', () => {
    it('schedules a consultation over submitted proposals of the plan', () => spec.given([]).when(schedule()).then([scheduled]));

    it('keeps the announced opening and closing times', () =>
      spec
        .given([])
        .when(schedule({ opensAt: '2017-05-01T00:00:00Z', closesAt: '2017-05-21T00:00:00Z' }))
        .then([{ ...scheduled, data: { ...scheduled.data, opensAt: '2017-05-01T00:00:00Z', closesAt: '2017-05-21T00:00:00Z' } }]));

    it('refuses to schedule the same consultation twice', () => spec.given([scheduled]).when(schedule()).thenThrows('consultation-exists'));

    it('refuses an unknown plan with not-found', () =>
      spec
        .given([])
        .when(schedule({ plan: { status: 'absent' } }))
        .thenThrows('not-found', (e) => expect(e.message).toMatch(/plan plan-1/)));

    it('refuses an unknown proposal with not-found', () =>
      spec
        .given([])
        .when(schedule({ proposalIds: ['a', 'zzz'] }))
        .thenThrows('not-found', (e) => expect(e.message).toMatch(/proposal zzz/)));

    it('refuses a proposal of another plan', () =>
      spec
        .given([])
        .when(schedule({ proposals: { a: proposal('a'), b: proposal('b', { planId: 'plan-2' }), c: proposal('c') } }))
        .thenThrows('proposal-not-in-plan', (e) => expect(e.details).toEqual({ proposalId: 'b', planId: 'plan-2' })));

    it.each(['draft', 'accepted', 'rejected', 'withdrawn'] as const)('refuses a %s proposal', (status) =>
      spec
        .given([])
        .when(schedule({ proposals: { a: proposal('a'), b: proposal('b'), c: proposal('c', { status }) } }))
        .thenThrows('proposal-not-submitted', (e) => expect(e.details).toEqual({ proposalId: 'c', status })),
    );

    it('refuses a consultation without proposals', () =>
      spec
        .given([])
        .when(schedule({ proposalIds: [] }))
        .thenThrows('no-proposals'));

    it('refuses a proposal listed twice', () =>
      spec
        .given([])
        .when(schedule({ proposalIds: ['a', 'b', 'a'] }))
        .thenThrows('duplicate-proposals', (e) => expect(e.details).toEqual({ proposalIds: ['a'] })));

    it.each([0, -1, 1.5, 4])('refuses %p votes per participant over 3 proposals', (maxVotesPerParticipant) =>
      spec
        .given([])
        .when(schedule({ rules: { ...rules, maxVotesPerParticipant } }))
        .thenThrows('invalid-vote-limit'),
    );

    it('accepts as many votes per participant as there are proposals', () =>
      spec
        .given([])
        .when(schedule({ rules: { ...rules, maxVotesPerParticipant: 3 } }))
        .then([{ ...scheduled, data: { ...scheduled.data, rules: { ...rules, maxVotesPerParticipant: 3 } } }]));

    it('refuses a closing time that is not after the opening time', () =>
      spec
        .given([])
        .when(schedule({ opensAt: '2017-05-21T00:00:00Z', closesAt: '2017-05-01T00:00:00Z' }))
        .thenThrows('invalid-schedule'));

    it('compares the announced times as instants, whatever their time zones', () =>
      spec
        .given([])
        .when(schedule({ opensAt: '2017-05-01T10:00:00+05:00', closesAt: '2017-05-01T06:00:00Z' }))
        .then([{ ...scheduled, data: { ...scheduled.data, opensAt: '2017-05-01T10:00:00+05:00', closesAt: '2017-05-01T06:00:00Z' } }]));

    it('refuses a closing time already past: the consultation would close as soon as it opened', () =>
      spec
        .given([])
        .when(schedule({ closesAt: '2017-04-20T11:59:59Z' }))
        .thenThrows('invalid-schedule', (e) => expect(e.message).toMatch(/closesAt 2017-04-20T11:59:59Z is in the past/)));
  });

  describe('lifecycle scheduled → open ⇄ paused → closed', () => {
    it('opens a scheduled consultation', () => spec.given([scheduled]).when(open).then([opened]));
    it('pauses an open consultation', () => spec.given([scheduled, opened]).when(pause).then([paused]));
    it('resumes a paused consultation when it is opened again', () => spec.given([scheduled, opened, paused]).when(open).then([resumed]));
    it('pauses again after resuming', () => spec.given([scheduled, opened, paused, resumed]).when(pause).then([paused]));
    it('closes an open consultation', () => spec.given([scheduled, opened]).when(close).then([closed]));
    it('closes a paused consultation', () => spec.given([scheduled, opened, paused]).when(close).then([closed]));

    it.each<[string, ConsultationEvent[], ConsultationCommand]>([
      ['opens an open consultation', [scheduled, opened], open],
      ['opens a closed consultation', [scheduled, opened, closed], open],
      ['pauses a scheduled consultation', [scheduled], pause],
      ['pauses a paused consultation', [scheduled, opened, paused], pause],
      ['pauses a closed consultation', [scheduled, opened, closed], pause],
      ['closes a scheduled consultation', [scheduled], close],
      ['closes a closed consultation', [scheduled, opened, closed], close],
    ])('refuses with wrong-status when it %s', (_, given, command) => spec.given(given).when(command).thenThrows('wrong-status'));

    it('says which status refused the step', () =>
      spec
        .given([scheduled])
        .when(close)
        .thenThrows('wrong-status', (e) => expect(e.details).toEqual({ status: 'scheduled' })));

    it.each([open, pause, close])('refuses %p on an unknown consultation with not-found', (command) =>
      spec.given([]).when(command).thenThrows('not-found'),
    );
  });

  describe('on the announced schedule', () => {
    const openOnSchedule: ConsultationCommand = { type: 'OpenConsultation', data: { consultationId: 'c1', onSchedule: true } };
    const closeOnSchedule: ConsultationCommand = { type: 'CloseConsultation', data: { consultationId: 'c1', onSchedule: true } };

    it('opens a consultation that never opened', () => spec.given([scheduled]).when(openOnSchedule).then([opened]));

    it.each<[string, ConsultationEvent[]]>([
      ['a moderator paused', [scheduled, opened, paused]],
      ['is open', [scheduled, opened]],
      ['is closed', [scheduled, opened, closed]],
    ])('never opens (nor resumes) one that %s', (_, given) =>
      spec
        .given(given)
        .when(openOnSchedule)
        .thenThrows('wrong-status', (e) => expect(e.message).toMatch(/cannot be opened on schedule/)),
    );

    it('closes one that is open or paused', () => {
      spec.given([scheduled, opened]).when(closeOnSchedule).then([closed]);
      spec.given([scheduled, opened, paused]).when(closeOnSchedule).then([closed]);
    });

    it('closes one whose closing time came before it ever opened', () => spec.given([scheduled]).when(closeOnSchedule).then([closed]));

    it('does not close one twice', () => spec.given([scheduled, closed]).when(closeOnSchedule).thenThrows('wrong-status'));
  });
});
