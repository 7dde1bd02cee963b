import { TestApp, ok, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

/** The public record: what anyone can read without signing in, and what still needs a token. */
describe('the public record', () => {
  let app: TestApp;
  let ids: Record<string, string>;

  beforeAll(async () => {
    app = await TestApp.start();
    const scenario = new Scenario(app);
    const plan = await scenario.plan({ title: 'III Plan de Acción' });
    await scenario.plan({ title: 'IV Plan de Acción' });
    await scenario.plan({ title: 'V Plan de Acción' });
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    const consulted = await scenario.proposal(group, { by: people.ana, submitted: true });
    const adopted = await scenario.proposal(group, { by: people.ana, submitted: true });
    const consultation = await scenario.consultation(plan, [consulted], { open: true, rules: { tallyVisibility: 'after-close' } });
    await scenario.vote(consultation, consulted, people.participant(1));
    const commitment = await scenario.commitment(adopted);
    const comment = await scenario.comment('proposal', consulted, 'Texto que se ocultará');
    await scenario.hide(comment, 'datos personales');
    ids = {
      drafted: String(consulted.position),
      plan: plan.id,
      group: group.id,
      proposal: consulted.id,
      consultation: consultation.id,
      commitment: commitment.id,
      comment: comment.id,
    };
  });
  afterAll(() => app?.stop());

  it('lists the plans a page at a time, without a token', async () => {
    const first = await app.get('/api/plans?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.map((p: { title: string }) => p.title)).toEqual(['III Plan de Acción', 'IV Plan de Acción']);
    expect(first.headers.get('x-total-count')).toBe('3');
    expect(first.headers.get('link')).toBe('</api/plans?limit=2&offset=2>; rel="next"');
    const last = await app.get('/api/plans?limit=2&offset=2');
    expect(last.body.map((p: { title: string }) => p.title)).toEqual(['V Plan de Acción']);
    expect(last.headers.get('link')).toBeNull();
    expect((await app.get('/api/plans?limit=500')).status).toBe(400);
  });

  it('serves every read of the process to anyone, and says so in the API description', async () => {
    const document = ok(await app.get('/api/docs-json'));
    const reads = [
      `/api/plans/${ids.plan}`,
      `/api/working-groups?planId=${ids.plan}`,
      `/api/working-groups/${ids.group}`,
      `/api/proposals?planId=${ids.plan}`,
      `/api/proposals/${ids.proposal}`,
      `/api/proposals/${ids.proposal}?asOf=${ids.drafted}`,
      `/api/proposals/${ids.proposal}/history`,
      `/api/proposals/${ids.proposal}/diff`,
      `/api/consultations?planId=${ids.plan}`,
      `/api/consultations/${ids.consultation}`,
      `/api/consultations/${ids.consultation}/results`,
      `/api/comments?targetType=proposal&targetId=${ids.proposal}`,
      `/api/comments/${ids.comment}`,
      `/api/commitments?planId=${ids.plan}`,
      `/api/commitments/${ids.commitment}`,
      `/api/audit/trace/${ids.commitment}`,
      `/api/plans/${ids.plan}/export.json`,
      `/api/plans/${ids.plan}/export.csv`,
    ];
    for (const path of reads) expect({ path, status: (await app.get(path)).status }).toEqual({ path, status: 200 });

    // Every public operation says a token is optional; every other one that it is needed.
    const security = (path: string, method: string) => document.paths[path][method].security;
    expect(security('/api/plans', 'get')).toEqual([{}, { bearer: [] }]);
    expect(security('/api/proposals/{id}/history', 'get')).toEqual([{}, { bearer: [] }]);
    expect(security('/api/plans', 'post')).toEqual([{ bearer: [] }]);
    expect(security('/api/consultations/{id}/votes/mine', 'get')).toEqual([{ bearer: [] }]);
  });

  it('withholds from anonymous readers what only moderators see, and needs a token for the rest', async () => {
    const comment = ok(await app.get(`/api/comments/${ids.comment}`));
    expect(comment).toMatchObject({ hidden: true, body: null, hiddenReason: 'datos personales' });
    expect(ok(await app.get(`/api/comments/${ids.comment}`, people.moderator)).body).toBe('Texto que se ocultará');

    const results = ok(await app.get(`/api/consultations/${ids.consultation}/results`));
    expect(results.turnout).toBe(1);
    expect(results.results).toBeUndefined();
    expect(ok(await app.get(`/api/consultations/${ids.consultation}/results`, people.moderator)).results).toHaveLength(1);

    for (const path of [`/api/consultations/${ids.consultation}/votes/mine`, '/api/audit/events', '/api/audit/export']) {
      expect({ path, status: (await app.get(path)).status }).toEqual({ path, status: 401 });
    }
    expect((await app.post('/api/plans', undefined, {})).status).toBe(401);
    // A token sent to a public route is checked all the same.
    const bad = await app.get(`/api/plans/${ids.plan}`, 'not-a-token');
    expect(bad.status).toBe(401);
  });
});
