import type { RecordedEvent } from '@cocrea/event-store';
import { TestApp, ok, people } from '../support/app-harness';
import { Scenario, Written, bodies } from '../support/scenario';

/** The server keeps a consultation's announced schedule: opens it at opensAt, closes it at closesAt. */
describe('consultations on their announced schedule', () => {
  let app: TestApp;
  let scenario: Scenario;
  let plan: Written;
  let proposalId: string;

  const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

  /** Scheduled on the plan's one proposal with these times: the plain answer, since some times are refused. */
  const schedule = (times: { opensAt?: string; closesAt?: string }) =>
    app.post('/api/consultations', people.moderator, bodies.consultation(plan.id, [proposalId], times));

  const status = async (id: string) => ok(await app.get(`/api/consultations/${id}`, people.participant(1))).status as string;

  const until = async (id: string, wanted: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while ((await status(id)) !== wanted) {
      if (Date.now() > deadline) throw new Error(`consultation ${id} did not become ${wanted} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const lifecycle = async (id: string) =>
    (await app.events())
      .filter((event: RecordedEvent) => event.streamId === `consultation-${id}` && event.type !== 'ConsultationScheduled')
      .map((event) => ({ type: event.type, actor: event.metadata.actorId, recordedAt: event.recordedAt }));

  const vote = (id: string, voter: number) => app.put(`/api/consultations/${id}/votes/${proposalId}`, people.participant(voter));

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    plan = await scenario.plan();
    proposalId = (await scenario.proposal(await scenario.workingGroup(plan), { submitted: true })).id;
  });
  afterAll(() => app.stop());

  it('opens at opensAt and closes at closesAt, recorded as the schedule, and counts the votes in between', async () => {
    // Far enough ahead that the refusal before the opening is checked before it, even on a busy machine.
    const opensAt = inMs(1_500);
    const closesAt = inMs(3_000);
    const { id } = await scenario.consultation(plan, [proposalId], { opensAt, closesAt });
    expect(await status(id)).toBe('scheduled');
    expect((await vote(id, 1)).body).toMatchObject({ statusCode: 422, code: 'consultation-not-open' });

    await until(id, 'open');
    ok(await vote(id, 2));
    await until(id, 'closed');
    expect((await vote(id, 3)).body).toMatchObject({ statusCode: 422, code: 'consultation-not-open' });

    const steps = await lifecycle(id);
    expect(steps.map(({ type, actor }) => ({ type, actor }))).toEqual([
      { type: 'ConsultationOpened', actor: 'schedule' },
      { type: 'ConsultationClosed', actor: 'schedule' },
    ]);
    expect(Date.parse(steps[0].recordedAt)).toBeGreaterThanOrEqual(Date.parse(opensAt));
    expect(Date.parse(steps[1].recordedAt)).toBeGreaterThanOrEqual(Date.parse(closesAt));
    const results = ok(await app.get(`/api/consultations/${id}/results`, people.participant(1)));
    expect(results).toMatchObject({ status: 'closed', turnout: 1, results: [{ proposalId, votes: 1 }] });
  });

  it('leaves alone what a moderator did first, and closes a paused consultation at closesAt', async () => {
    const consultation = await scenario.consultation(plan, [proposalId], { opensAt: inMs(1_500), closesAt: inMs(2_500) });
    const { id } = await scenario.pause(await scenario.open(consultation));

    await until(id, 'closed');
    expect((await lifecycle(id)).map(({ type, actor }) => `${type} by ${actor}`)).toEqual([
      'ConsultationOpened by mod-1',
      'ConsultationPaused by mod-1',
      'ConsultationClosed by schedule',
    ]);
  });

  it('catches up at start on what fell due while the server was down', async () => {
    const { id: opensWhileDown } = await scenario.consultation(plan, [proposalId], { opensAt: inMs(400), closesAt: inMs(3_000) });
    const { id: passesWhileDown } = await scenario.consultation(plan, [proposalId], { opensAt: inMs(500), closesAt: inMs(900) });
    await app.app.close();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await app.boot();

    await until(opensWhileDown, 'open');
    await until(passesWhileDown, 'closed');
    await until(opensWhileDown, 'closed');
    expect((await lifecycle(opensWhileDown)).map(({ type, actor }) => `${type} by ${actor}`)).toEqual([
      'ConsultationOpened by schedule',
      'ConsultationClosed by schedule',
    ]);
    // Its whole window passed while nobody could vote: it closes without ever opening.
    expect((await lifecycle(passesWhileDown)).map(({ type, actor }) => `${type} by ${actor}`)).toEqual(['ConsultationClosed by schedule']);
  });

  it('refuses a time that is not one readable instant, naming the field', async () => {
    for (const opensAt of ['2027-W05-1', '2027-05-01T10:00:00', '2027-02-30']) {
      const refused = await schedule({ opensAt });
      expect({ opensAt, status: refused.status }).toEqual({ opensAt, status: 400 });
      expect(refused.body.message).toMatch(/opensAt must be an ISO-8601 date, or date and time with a time zone/);
    }
  });

  it('refuses a closing time already past, naming it', async () => {
    const closesAt = new Date(Date.now() - 60_000).toISOString();
    const refused = await schedule({ closesAt });

    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'invalid-schedule',
      message: expect.stringContaining(`closesAt ${closesAt} is in the past`),
    });
  });
});
