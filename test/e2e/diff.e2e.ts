import { TestApp, ok, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * `GET /api/proposals/:id/diff?from=&to=`: the title and sections whose text differs between two revisions,
 * the text at each, and every edit in between with who made it, when and where in the log.
 */
describe('proposal diffs', () => {
  let app: TestApp;
  let proposalId: string;
  /** The proposal's history: revision → { position, time, actor }. */
  let history: Array<{ revision: number; position: number; time: string; actor: { id: string; name: string }; type: string }>;

  const diff = (query: string, id = proposalId) => app.get(`/api/proposals/${id}/diff${query}`, people.participant(1));
  const edit = (revision: number, text: string) => {
    const { position, time, actor } = history[revision - 1];
    return { revision, position, time, actor, text };
  };
  const ana = { id: 'ana', name: 'Ana (sociedad civil)' };
  const beto = { id: 'beto', name: 'Beto (entidad)' };

  /**
   * 1 drafted by Ana; 2 Ana edits the problem; 3 Beto retitles; 4-5 Beto edits the problem again and writes the
   * baseline in one PATCH; 6 Ana edits the objective; 7 Beto puts the objective back; 8 submitted.
   * The description is never touched.
   */
  beforeAll(async () => {
    app = await TestApp.start();
    const scenario = new Scenario(app);
    const group = await scenario.workingGroup(await scenario.plan(), { members: { ana: 'member', beto: 'lead' } });
    const drafted = await scenario.proposal(group, {
      title: 'Open contracting',
      sections: { problem: 'Contracts are hard to find', objective: 'Publish them' },
      by: people.ana,
    });
    proposalId = drafted.id;
    const path = `/api/proposals/${proposalId}`;
    expect((await scenario.edit(drafted, { problem: 'Contracts are opaque' }, { expectedRevision: 1, by: people.ana })).revision).toBe(2);
    expect((await scenario.edit(drafted, { title: 'Open contracting for all' }, { expectedRevision: 2, by: people.beto })).revision).toBe(
      3,
    );
    const both = { problem: 'Contracts are opaque and published late', baseline: '12% of contracts are published' };
    expect((await scenario.edit(drafted, both, { expectedRevision: 3, by: people.beto })).revision).toBe(5);
    expect((await scenario.edit(drafted, { objective: 'Publish them in OCDS' }, { expectedRevision: 5, by: people.ana })).revision).toBe(6);
    expect((await scenario.edit(drafted, { objective: 'Publish them' }, { expectedRevision: 6, by: people.beto })).revision).toBe(7);
    expect((await scenario.submit(drafted, { by: people.ana })).revision).toBe(8);
    history = ok(await app.get(`${path}/history`, people.auditor));
    expect(history.map((entry) => entry.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
  afterAll(() => app.stop());

  it('from the draft to now: the title and the changed sections, each with every edit by whom, when and where', async () => {
    const body = ok(await diff('?from=1&to=8'));
    const at = (revision: number) => ({ revision, position: history[revision - 1].position, time: history[revision - 1].time });
    expect(body).toEqual({
      proposalId,
      from: at(1),
      to: at(8),
      changes: {
        title: { before: 'Open contracting', after: 'Open contracting for all', edits: [edit(3, 'Open contracting for all')] },
        problem: {
          before: 'Contracts are hard to find',
          after: 'Contracts are opaque and published late',
          edits: [edit(2, 'Contracts are opaque'), edit(4, 'Contracts are opaque and published late')],
        },
        baseline: { before: null, after: '12% of contracts are published', edits: [edit(5, '12% of contracts are published')] },
      },
    });
    // The objective was edited and put back: its text did not change, so it is absent; the description was never touched.
    expect(Object.keys(body.changes)).toEqual(['title', 'problem', 'baseline']);
    expect(body.changes.problem.edits.map((e: any) => e.actor)).toEqual([ana, beto]);
    // Without from and to: from the draft to the current revision.
    expect(ok(await diff(''))).toEqual(body);
  });

  it('between two later revisions: only what changed after from, with only the edits after from', async () => {
    expect(ok(await diff('?from=2&to=4')).changes).toEqual({
      title: { before: 'Open contracting', after: 'Open contracting for all', edits: [edit(3, 'Open contracting for all')] },
      problem: {
        before: 'Contracts are opaque',
        after: 'Contracts are opaque and published late',
        edits: [edit(4, 'Contracts are opaque and published late')],
      },
    });
    expect(ok(await diff('?from=5&to=6')).changes).toEqual({
      objective: { before: 'Publish them', after: 'Publish them in OCDS', edits: [edit(6, 'Publish them in OCDS')] },
    });
    expect(ok(await diff('?from=6&to=7')).changes).toEqual({
      objective: { before: 'Publish them in OCDS', after: 'Publish them', edits: [edit(7, 'Publish them')] },
    });
    expect(ok(await diff('?from=5&to=7')).changes).toEqual({});
    expect(ok(await diff('?from=3&to=3'))).toMatchObject({ from: { revision: 3 }, to: { revision: 3 }, changes: {} });
    expect(ok(await diff('?from=7')).changes).toEqual({});
    expect(ok(await diff('?to=2')).changes).toEqual({
      problem: { before: 'Contracts are hard to find', after: 'Contracts are opaque', edits: [edit(2, 'Contracts are opaque')] },
    });
  });

  it('agrees with the proposal as of the two revisions', async () => {
    const { changes, from, to } = ok(await diff('?from=2&to=5'));
    const before = ok(await app.get(`/api/proposals/${proposalId}?asOf=${from.position}`, people.auditor));
    const after = ok(await app.get(`/api/proposals/${proposalId}?asOf=${to.position}`, people.auditor));
    expect(changes.title).toMatchObject({ before: before.title, after: after.title });
    expect(changes.problem).toMatchObject({ before: before.sections.problem, after: after.sections.problem });
    expect(changes.baseline).toMatchObject({ before: null, after: after.sections.baseline });
    expect(before.sections.baseline).toBeUndefined();
  });

  it('refuses revisions out of range or not whole numbers with a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['?from=0&to=3', 'from'],
      ['?from=abc', 'from'],
      ['?from=1.5', 'from'],
      ['?from=', 'from'],
      ['?from=-2', 'from'],
      ['?to=0', 'to'],
      ['?to=two', 'to'],
      ['?from=1&to=9', 'to'],
      ['?from=9', 'from'],
      ['?from=5&to=4', 'from'],
    ];
    for (const [query, parameter] of cases) {
      const response = await diff(query);
      expect({ query, status: response.status, error: response.body.error }).toEqual({ query, status: 400, error: 'Bad Request' });
      expect(response.body.message).toMatch(new RegExp(`^${parameter}\\b`));
    }
    expect((await diff('?from=1&since=2')).status).toBe(400);
  });

  it('answers 404 for an unknown proposal, 400 for an id that is not one, and anyone without a token', async () => {
    const unknown = await diff('?from=1&to=1', UNKNOWN);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, message: `proposal ${UNKNOWN} not found` });
    expect((await diff('', 'not-a-uuid')).status).toBe(400);
    expect((await app.get(`/api/proposals/${proposalId}/diff`)).status).toBe(200);
  });
});
