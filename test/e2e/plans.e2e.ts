import { TestApp, people } from '../support/app-harness';
import { Scenario, bodies } from '../support/scenario';

describe('plans over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  const plan = bodies.plan();

  it('creates a plan and reads it back at the returned position', async () => {
    const created = await app.post('/api/plans', people.moderator, plan);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), revision: 1, position: expect.any(Number) });
    const read = await app.get(`/api/plans/${created.body.id}?minPosition=${created.body.position}`, people.ana);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...plan, id: created.body.id, phase: 'co-creation', createdBy: 'mod-1', revision: 1 });
  });

  it('answers the health check without a token', async () => {
    expect(await app.get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('refuses bad input, naming the problem, and records nothing', async () => {
    const before = (await app.events()).length;
    const cases: Array<[string, { status: number; body: any }, number, RegExp]> = [
      ['no token', await app.post('/api/plans', undefined, plan), 401, /bearer token/],
      ['bad token', await app.post('/api/plans', 'not.a.jwt', plan), 401, /signature|JWT/],
      ['wrong role', await app.post('/api/plans', people.ana, plan), 403, /moderator/],
      ['missing field', await app.post('/api/plans', people.moderator, { ...plan, title: undefined }), 400, /title/],
      ['wrong type', await app.post('/api/plans', people.moderator, { ...plan, themes: 'x' }), 400, /themes/],
      ['unknown field', await app.post('/api/plans', people.moderator, { ...plan, owner: 'me' }), 400, /owner/],
      ['bad date', await app.post('/api/plans', people.moderator, { ...plan, periodEnd: 'soon' }), 400, /periodEnd/],
      ['reversed period', await app.post('/api/plans', people.moderator, { ...plan, periodEnd: '2016-01-01' }), 422, /periodEnd/],
      ['malformed JSON', await app.request('POST', '/api/plans', { token: people.moderator, rawBody: '{"title": ' }), 400, /JSON/],
      [
        'not JSON',
        await app.request('POST', '/api/plans', { token: people.moderator, rawBody: 'title=x', headers: { 'content-type': 'text/plain' } }),
        415,
        /application\/json/,
      ],
      [
        'too deep',
        await app.request('POST', '/api/plans', { token: people.moderator, rawBody: `{"title":${'['.repeat(3000)}${']'.repeat(3000)}}` }),
        400,
        /nested deeper/,
      ],
      ['too large', await app.post('/api/plans', people.moderator, { ...plan, title: 'x'.repeat(1_100_000) }), 413, /larger/],
      ['not a uuid', await app.get('/api/plans/nope', people.ana), 400, /id must be a UUID/],
      ['unknown id', await app.get('/api/plans/00000000-0000-4000-8000-000000000000', people.ana), 404, /not found/],
      ['bad minPosition', await app.get('/api/plans/00000000-0000-4000-8000-000000000000?minPosition=x', people.ana), 400, /minPosition/],
    ];
    for (const [name, response, status, message] of cases) {
      expect({ name, status: response.status }).toEqual({ name, status });
      expect({ name, message: response.body.message }).toEqual({ name, message: expect.stringMatching(message) });
      expect(response.body.statusCode).toBe(status);
      expect(typeof response.body.error).toBe('string');
    }
    expect((await app.events()).length).toBe(before);
  });

  it('returns the first result when a command is retried with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'create-plan-once' };
    const first = await app.post('/api/plans', people.moderator, plan, headers);
    const again = await app.post('/api/plans', people.moderator, plan, headers);
    expect(again.body).toEqual(first.body);
    const created = (await app.events()).filter((e) => e.metadata.idempotencyKey === 'create-plan-once');
    expect(created).toHaveLength(1);
  });

  it('moves a plan through its phases, refusing a skipped phase with 422', async () => {
    const created = await new Scenario(app).plan({ by: people.admin });
    const next = await app.post(`/api/plans/${created.id}/phase`, people.moderator, { phase: 'consultation' });
    expect(next.status).toBe(200);
    expect(next.body.revision).toBe(2);
    const skipped = await app.post(`/api/plans/${created.id}/phase`, people.moderator, { phase: 'closed' });
    expect(skipped.status).toBe(422);
    const read = await app.get(`/api/plans/${created.id}?minPosition=${next.body.position}`, people.ana);
    expect(read.body.phase).toBe('consultation');
  });
});
