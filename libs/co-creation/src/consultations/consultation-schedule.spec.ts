import { Scheduled, planSchedule, scheduledCommandId } from './consultation-schedule';

const at = (iso: string) => Date.parse(iso);
const CREATED = '2026-12-01T00:00:00Z';

describe('the announced schedule of consultations', () => {
  const consultations: Scheduled[] = [
    { id: 'due-to-open', status: 'scheduled', opensAt: '2027-05-01T09:00:00Z', closesAt: '2027-05-21T18:00:00Z', createdAt: CREATED },
    { id: 'opens-later', status: 'scheduled', opensAt: '2027-05-02T09:00:00Z', createdAt: CREATED },
    { id: 'due-to-close', status: 'open', opensAt: '2027-04-01T09:00:00Z', closesAt: '2027-05-01T08:00:00+02:00', createdAt: CREATED },
    { id: 'paused-due-to-close', status: 'paused', closesAt: '2027-04-30T00:00:00Z', createdAt: CREATED },
    { id: 'closes-later', status: 'open', closesAt: '2027-05-01T12:00:00Z', createdAt: CREATED },
    { id: 'opened-by-hand', status: 'open', opensAt: '2027-06-01T09:00:00Z', createdAt: CREATED },
    { id: 'no-schedule', status: 'scheduled', createdAt: CREATED },
    { id: 'closed', status: 'closed', opensAt: '2027-04-01T09:00:00Z', closesAt: '2027-04-02T09:00:00Z', createdAt: CREATED },
  ];

  it('opens what is due to open and closes what is due to close, oldest first, and says when to look again', () => {
    const plan = planSchedule(consultations, at('2027-05-01T10:00:00Z'));

    expect(plan.due).toEqual([
      { consultationId: 'paused-due-to-close', command: 'CloseConsultation', at: '2027-04-30T00:00:00Z' },
      { consultationId: 'due-to-close', command: 'CloseConsultation', at: '2027-05-01T08:00:00+02:00' },
      { consultationId: 'due-to-open', command: 'OpenConsultation', at: '2027-05-01T09:00:00Z' },
    ]);
    expect(plan.next).toBe(at('2027-05-01T12:00:00Z'));
  });

  it('leaves alone what a moderator already moved, what has no schedule and what is closed', () => {
    const plan = planSchedule(consultations, at('2027-12-31T00:00:00Z'));

    expect(plan.due.map((step) => `${step.consultationId} ${step.command}`).sort()).toEqual([
      'closes-later CloseConsultation',
      'due-to-close CloseConsultation',
      'due-to-open CloseConsultation',
      'opens-later OpenConsultation',
      'paused-due-to-close CloseConsultation',
    ]);
    expect(plan.next).toBeUndefined();
  });

  it('closes without opening a consultation whose closing time came before it ever opened', () => {
    const never = {
      id: 'c',
      status: 'scheduled' as const,
      opensAt: '2027-05-01T09:00:00Z',
      closesAt: '2027-05-02T09:00:00Z',
      createdAt: CREATED,
    };

    expect(planSchedule([never], at('2027-05-01T12:00:00Z')).due).toEqual([
      { consultationId: 'c', command: 'OpenConsultation', at: '2027-05-01T09:00:00Z' },
    ]);
    expect(planSchedule([never], at('2027-05-03T00:00:00Z')).due).toEqual([
      { consultationId: 'c', command: 'CloseConsultation', at: '2027-05-02T09:00:00Z' },
    ]);
    const noOpening = { ...never, opensAt: undefined };
    expect(planSchedule([noOpening], at('2027-05-01T12:00:00Z'))).toEqual({ due: [], next: at('2027-05-02T09:00:00Z') });
  });

  it('keeps no time it cannot read, and lets the others be', () => {
    const unreadable = { id: 'u', status: 'scheduled' as const, opensAt: '2027-W05-1', closesAt: 'someday', createdAt: CREATED };
    const readable = { id: 'r', status: 'scheduled' as const, opensAt: '2027-05-01T09:00:00Z', createdAt: CREATED };

    expect(planSchedule([unreadable, readable], at('2027-04-01T00:00:00Z'))).toEqual({ due: [], next: at('2027-05-01T09:00:00Z') });
  });

  it('treats the times of consultations scheduled before the server kept schedules as announcements only', () => {
    const old = {
      id: 'o',
      status: 'open' as const,
      opensAt: '2017-05-01T00:00:00Z',
      closesAt: '2017-05-21T00:00:00Z',
      createdAt: '2017-04-20T10:00:00Z',
    };

    expect(planSchedule([old], at('2027-01-01T00:00:00Z'))).toEqual({ due: [], next: undefined });
  });

  it('names each step with one command id, whichever node carries it out', () => {
    expect(scheduledCommandId({ consultationId: 'c', command: 'OpenConsultation' })).toBe('schedule:c:open');
    expect(scheduledCommandId({ consultationId: 'c', command: 'CloseConsultation' })).toBe('schedule:c:close');
  });
});
