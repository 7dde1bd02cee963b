import { verifyChain } from '@cocrea/event-store';
import { TestApp, ok, people } from '../support/app-harness';
import { Scenario, bodies } from '../support/scenario';

describe('the audit log over HTTP', () => {
  let app: TestApp;
  let planId: string;
  beforeAll(async () => {
    app = await TestApp.start();
    for (let i = 0; i < 5; i++) {
      const created = await app.post('/api/plans', people.moderator, bodies.plan({ title: 'P' }), { 'x-correlation-id': `corr-${i}` });
      planId = ok(created, 201).id;
    }
    await new Scenario(app).phase(planId, 'consultation', { reason: 'drafting done', by: people.admin });
  });
  afterAll(() => app.stop());

  it('pages through the global log with every field, metadata and hash', async () => {
    const first = await app.get('/api/audit/events?limit=4', people.auditor);
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: { position: number }) => e.position)).toEqual([1, 2, 3, 4]);
    expect(first.body).toMatchObject({ nextAfter: 4, headPosition: 6 });
    const rest = await app.get(`/api/audit/events?after=${first.body.nextAfter}&limit=100`, people.admin);
    expect(rest.body.events.map((e: { position: number }) => e.position)).toEqual([5, 6]);
    const all = [...first.body.events, ...rest.body.events];
    expect(all[0]).toEqual({
      id: expect.any(String),
      streamId: expect.stringMatching(/^plan-/),
      type: 'PlanCreated',
      revision: 1,
      position: 1,
      recordedAt: expect.any(String),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      data: expect.objectContaining({ title: 'P' }),
      metadata: expect.objectContaining({ actorId: 'mod-1', actorName: 'Marta Moderadora', roles: ['moderator'], correlationId: 'corr-0' }),
    });
    expect(all[5].metadata).toMatchObject({ actorId: 'admin-1', roles: ['admin'] });
    // What the API serves is exactly what was recorded: the chain verifies over it.
    expect(verifyChain(all)).toMatchObject({ ok: true, checked: 6 });
    expect(all).toEqual(await app.events());
  });

  it('serves one stream in revision order', async () => {
    const { status, body } = await app.get(`/api/audit/streams/plan-${planId}`, people.auditor);
    expect(status).toBe(200);
    expect(body).toMatchObject({ streamId: `plan-${planId}`, revision: 2 });
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['PlanCreated', 'PlanPhaseChanged']);
    expect(body.events[1].data).toMatchObject({ from: 'co-creation', to: 'consultation', reason: 'drafting done' });
  });

  it('is for auditors and admins only, and refuses bad paging', async () => {
    expect((await app.get('/api/audit/events', people.moderator)).status).toBe(403);
    expect((await app.get('/api/audit/events', people.participant(1))).status).toBe(403);
    expect((await app.get('/api/audit/events')).status).toBe(401);
    expect((await app.get(`/api/audit/streams/plan-${planId}`, people.ana)).status).toBe(403);
    const bad = await app.get('/api/audit/events?after=-1&limit=5000', people.auditor);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/after/);
    expect(bad.body.message).toMatch(/limit/);
    const beyond = await app.get('/api/audit/events?after=99999999999999999999', people.auditor);
    expect(beyond.status).toBe(400);
    expect(beyond.body.message).toMatch(/after/);
    const missing = await app.get('/api/audit/streams/plan-nope', people.auditor);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/plan-nope/);
  });
});
