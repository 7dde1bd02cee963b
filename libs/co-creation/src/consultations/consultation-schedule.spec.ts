import { planSchedule, scheduledCommandId } from './consultation-schedule';

const at = (iso: string) => Date.parse(iso);

describe('the announced schedule of consultations', () => {
  const consultations = [
    { id: 'due-to-open', status: 'scheduled' as const, opensAt: '2026-05-01T09:00:00Z', closesAt: '2026-05-21T18:00:00Z' },
    { id: 'opens-later', status: 'scheduled' as const, opensAt: '2026-05-02T09:00:00Z' },
    { id: 'due-to-close', status: 'open' as const, opensAt: '2026-04-01T09:00:00Z', closesAt: '2026-05-01T08:00:00+02:00' },
    { id: 'paused-due-to-close', status: 'paused' as const, closesAt: '2026-04-30T00:00:00Z' },
    { id: 'closes-later', status: 'open' as const, closesAt: '2026-05-01T12:00:00Z' },
    { id: 'opened-by-hand', status: 'open' as const, opensAt: '2026-06-01T09:00:00Z' },
    { id: 'no-schedule', status: 'scheduled' as const },
    { id: 'closed', status: 'closed' as const, opensAt: '2026-04-01T09:00:00Z', closesAt: '2026-04-02T09:00:00Z' },
  ];

  it('opens what is due to open and closes what is due to close, oldest first, and says when to look again', () => {
    const plan = planSchedule(consultations, at('2026-05-01T10:00:00Z'));

    expect(plan.due).toEqual([
      { consultationId: 'paused-due-to-close', command: 'CloseConsultation', at: '2026-04-30T00:00:00Z' },
      { consultationId: 'due-to-close', command: 'CloseConsultation', at: '2026-05-01T08:00:00+02:00' },
      { consultationId: 'due-to-open', command: 'OpenConsultation', at: '2026-05-01T09:00:00Z' },
    ]);
    expect(plan.next).toBe(at('2026-05-01T12:00:00Z'));
  });

  it('leaves alone what a moderator already moved, what has no schedule and what is closed', () => {
    const plan = planSchedule(consultations, at('2026-12-31T00:00:00Z'));

    expect(plan.due.map((step) => step.consultationId).sort()).toEqual(['closes-later', 'due-to-close', 'due-to-open', 'opens-later', 'paused-due-to-close']);
    expect(plan.next).toBeUndefined();
  });

  it('opens before it closes: a scheduled consultation is due to open, not to close, even past its closing time', () => {
    const plan = planSchedule([{ id: 'c', status: 'scheduled', opensAt: '2026-05-01T09:00:00Z', closesAt: '2026-05-02T09:00:00Z' }], at('2026-05-03T00:00:00Z'));

    expect(plan.due).toEqual([{ consultationId: 'c', command: 'OpenConsultation', at: '2026-05-01T09:00:00Z' }]);
  });

  it('names each step with one command id, whichever node carries it out', () => {
    expect(scheduledCommandId({ consultationId: 'c', command: 'OpenConsultation' })).toBe('schedule:c:open');
    expect(scheduledCommandId({ consultationId: 'c', command: 'CloseConsultation' })).toBe('schedule:c:close');
  });
});
