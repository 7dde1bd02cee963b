import { TestApp, ok, people } from '../support/app-harness';
import { Scenario, WorkingGroup, bodies } from '../support/scenario';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('proposals over HTTP', () => {
  let app: TestApp;
  let scenario: Scenario;
  let planId: string;
  let otherPlanId: string;
  let group: WorkingGroup;

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    planId = (await scenario.plan()).id;
    otherPlanId = (await scenario.plan({ title: 'IV Plan' })).id;
    group = await scenario.workingGroup(planId, { members: { ana: 'lead', beto: 'member' } });
  });
  afterAll(() => app.stop());

  /** Every field of the draft, as the first test reads it back; edits below start from these sections. */
  const fields = {
    title: 'Open contracting',
    leadEntity: 'Colombia Compra Eficiente',
    branch: 'executive',
    themes: ['transparency'],
    sections: { problem: 'Contracts are opaque', objective: 'Publish them', description: 'An OCDS feed' },
  };
  const proposal = () => bodies.proposal(planId, group.id, fields);
  /** Ana's draft of those fields. */
  const draft = () => scenario.proposal(group, { ...fields, by: people.ana });

  const streamOf = async (id: string) => (await app.events()).filter((e) => e.streamId === `proposal-${id}`);

  it('drafts a proposal as a group member and reads it with its revisions', async () => {
    const drafted = ok(await app.post('/api/proposals', people.ana, proposal()), 201);
    expect(drafted).toEqual({ id: expect.any(String), revision: 1, position: expect.any(Number) });
    const read = await app.get(`/api/proposals/${drafted.id}?minPosition=${drafted.position}`, people.outsider);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: drafted.id,
      planId,
      workingGroupId: group.id,
      title: 'Open contracting',
      leadEntity: 'Colombia Compra Eficiente',
      branch: 'executive',
      themes: ['transparency'],
      sections: { problem: 'Contracts are opaque', objective: 'Publish them', description: 'An OCDS feed' },
      sectionRevisions: { title: 1, problem: 1, objective: 1, description: 1, baseline: 1, ambition: 1, milestones: 1 },
      status: 'draft',
      statusReason: null,
      createdBy: 'ana',
      revision: 1,
      position: drafted.position,
    });
  });

  it('lets moderators and admins draft for any group', async () => {
    expect((await app.post('/api/proposals', people.moderator, proposal())).status).toBe(201);
    expect((await app.post('/api/proposals', people.admin, proposal())).status).toBe(201);
  });

  it('edits sections and the title, recording one semantic event each', async () => {
    const { id } = await draft();
    const edited = await app.patch(`/api/proposals/${id}`, people.beto, {
      expectedRevision: 1,
      changes: { title: 'Open contracts', problem: 'Contracts are hidden', baseline: '10% published', objective: 'Publish them' },
    });
    expect(edited).toEqual({ status: 200, body: { id, revision: 4, position: expect.any(Number) } });
    const events = await streamOf(id);
    expect(events.slice(1).map((e) => [e.type, e.data])).toEqual([
      ['ProposalRetitled', { proposalId: id, title: 'Open contracts', baseRevision: 1 }],
      ['ProposalSectionEdited', { proposalId: id, section: 'problem', text: 'Contracts are hidden', baseRevision: 1 }],
      ['ProposalSectionEdited', { proposalId: id, section: 'baseline', text: '10% published', baseRevision: 1 }],
    ]);
    const read = await app.get(`/api/proposals/${id}?minPosition=${edited.body.position}`, people.ana);
    expect(read.body).toMatchObject({
      title: 'Open contracts',
      sections: { problem: 'Contracts are hidden', baseline: '10% published', objective: 'Publish them' },
      sectionRevisions: { title: 2, problem: 3, baseline: 4, objective: 1 },
      revision: 4,
    });

    const unchanged = await app.patch(`/api/proposals/${id}`, people.ana, {
      expectedRevision: 4,
      changes: { problem: 'Contracts are hidden' },
    });
    expect(unchanged).toEqual({ status: 200, body: { id, revision: 4, position: edited.body.position } });
    expect(await streamOf(id)).toHaveLength(4);
  });

  it('rebases a stale edit of a section nobody changed since', async () => {
    const { id } = await draft();
    await app.patch(`/api/proposals/${id}`, people.ana, { expectedRevision: 1, changes: { problem: 'Hidden contracts' } });
    const rebased = await app.patch(`/api/proposals/${id}`, people.beto, { expectedRevision: 1, changes: { objective: 'Publish all' } });
    expect(rebased.status).toBe(200);
    expect(rebased.body.revision).toBe(3);
    const read = await app.get(`/api/proposals/${id}?minPosition=${rebased.body.position}`, people.ana);
    expect(read.body.sections).toMatchObject({ problem: 'Hidden contracts', objective: 'Publish all' });
  });

  it('lets two members edit different sections from the same base at the same time', async () => {
    const { id } = await draft();
    const [ana, beto] = await Promise.all([
      app.patch(`/api/proposals/${id}`, people.ana, { expectedRevision: 1, changes: { problem: 'Ana’s problem' } }),
      app.patch(`/api/proposals/${id}`, people.beto, { expectedRevision: 1, changes: { description: 'Beto’s description' } }),
    ]);
    expect([ana.status, beto.status]).toEqual([200, 200]);
    const last = Math.max(ana.body.position, beto.body.position);
    const read = await app.get(`/api/proposals/${id}?minPosition=${last}`, people.ana);
    expect(read.body.sections).toMatchObject({ problem: 'Ana’s problem', description: 'Beto’s description' });
    expect(read.body.revision).toBe(3);
  });

  it('answers one 200 and one 409 carrying the winner’s text when two edit the same section from the same base', async () => {
    const { id } = await draft();
    const texts = { ana: 'Problem as Ana sees it', beto: 'Problem as Beto sees it' };
    const [ana, beto] = await Promise.all([
      app.patch(`/api/proposals/${id}`, people.ana, { expectedRevision: 1, changes: { problem: texts.ana } }),
      app.patch(`/api/proposals/${id}`, people.beto, { expectedRevision: 1, changes: { problem: texts.beto } }),
    ]);
    expect([ana.status, beto.status].sort()).toEqual([200, 409]);
    const [winner, loser] = ana.status === 200 ? [texts.ana, beto] : [texts.beto, ana];
    expect(loser.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      message: expect.stringMatching(/problem changed after revision 1/),
      details: { conflicts: [{ section: 'problem', current: winner, revision: 2 }] },
    });
    const events = await streamOf(id);
    expect(events.map((e) => e.type)).toEqual(['ProposalDrafted', 'ProposalSectionEdited']);
    expect(events[1].data).toMatchObject({ section: 'problem', text: winner });
  });

  it('applies a burst of 20 parallel edits of different sections, all from the same base', async () => {
    const proposals = await Promise.all([draft(), draft(), draft(), draft()]);
    const sections = ['problem', 'baseline', 'objective', 'description', 'ambition'];
    const edits = proposals.flatMap(({ id }, p) =>
      sections.map((section, s) =>
        app.patch(`/api/proposals/${id}`, s % 2 === 0 ? people.ana : people.beto, {
          expectedRevision: 1,
          changes: { [section]: `${section} ${p}` },
        }),
      ),
    );
    const results = await Promise.all(edits);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const last = Math.max(...results.map((r) => r.body.position));
    for (const [p, { id }] of proposals.entries()) {
      const read = await app.get(`/api/proposals/${id}?minPosition=${last}`, people.ana);
      expect(read.body.revision).toBe(6);
      expect(read.body.sections).toEqual(Object.fromEntries(sections.map((section) => [section, `${section} ${p}`])));
    }
  });

  it('moves through the lifecycle: submit, edit while submitted, accept with a reason', async () => {
    const { id } = await draft();
    // No body at all, as a curl user would send it.
    const submitted = await app.request('POST', `/api/proposals/${id}/submit`, { token: people.ana });
    expect(submitted).toEqual({ status: 200, body: { id, revision: 2, position: expect.any(Number) } });
    const edited = await app.patch(`/api/proposals/${id}`, people.beto, { expectedRevision: 2, changes: { ambition: 'High' } });
    expect(edited.status).toBe(200);
    const accepted = await app.post(`/api/proposals/${id}/accept`, people.moderator, { reason: 'prioritised in consultation' });
    expect(accepted.body.revision).toBe(4);
    const read = await app.get(`/api/proposals/${id}?minPosition=${accepted.body.position}`, people.ana);
    expect(read.body).toMatchObject({ status: 'accepted', statusReason: 'prioritised in consultation', sections: { ambition: 'High' } });

    const listed = await app.get(`/api/proposals?planId=${planId}&status=accepted&minPosition=${accepted.body.position}`, people.ana);
    expect(listed.status).toBe(200);
    expect(listed.body.map((p: { id: string }) => p.id)).toContain(id);
    expect(listed.body.every((p: { status: string; planId: string }) => p.status === 'accepted' && p.planId === planId)).toBe(true);
  });

  it('rejects and withdraws', async () => {
    const rejectedOne = await scenario.submit(await draft(), { by: people.beto });
    const rejected = await app.post(`/api/proposals/${rejectedOne.id}/reject`, people.admin);
    expect(rejected.status).toBe(200);
    const withdrawnOne = await draft();
    const withdrawn = await app.post(`/api/proposals/${withdrawnOne.id}/withdraw`, people.ana, { reason: 'merged into another' });
    expect(withdrawn.status).toBe(200);
    const last = Math.max(rejected.body.position, withdrawn.body.position);
    const [r, w] = await Promise.all([
      app.get(`/api/proposals/${rejectedOne.id}?minPosition=${last}`, people.ana),
      app.get(`/api/proposals/${withdrawnOne.id}?minPosition=${last}`, people.ana),
    ]);
    expect(r.body).toMatchObject({ status: 'rejected', statusReason: null });
    expect(w.body).toMatchObject({ status: 'withdrawn', statusReason: 'merged into another' });
  });

  it('lists every event of a proposal in its history, with the actors’ names', async () => {
    const drafted = await draft();
    const { id } = drafted;
    await scenario.edit(drafted, { problem: 'Hidden' }, { by: people.beto });
    await scenario.submit(drafted, { by: people.ana });
    await scenario.reject(drafted, { reason: 'duplicate' });
    const history = await app.get(`/api/proposals/${id}/history`, people.outsider);
    expect(history.status).toBe(200);
    const stream = await streamOf(id);
    expect(history.body).toEqual(
      stream.map((event) => ({
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
        type: event.type,
        actor: { id: event.metadata.actorId, name: event.metadata.actorName },
        time: event.recordedAt,
        data: event.data,
      })),
    );
    expect(history.body.map((e: { type: string; actor: { name: string } }) => [e.type, e.actor.name])).toEqual([
      ['ProposalDrafted', 'Ana (sociedad civil)'],
      ['ProposalSectionEdited', 'Beto (entidad)'],
      ['ProposalSubmitted', 'Ana (sociedad civil)'],
      ['ProposalRejected', 'Marta Moderadora'],
    ]);
  });

  it('checks membership on the working group stream: a removed member is refused at once', async () => {
    const temporary = await scenario.workingGroup(planId, { name: 'Mesa temporal', members: { olga: 'member' } });
    const drafted = await scenario.proposal(temporary, { ...fields, by: people.outsider });
    await app.delete(`/api/working-groups/${temporary.id}/members/olga`, people.moderator);
    const refused = await app.patch(`/api/proposals/${drafted.id}`, people.outsider, { expectedRevision: 1, changes: { problem: 'x' } });
    expect(refused.status).toBe(403);
  });

  it('refuses bad input and forbidden steps with the documented status, and records nothing', async () => {
    const { id } = await draft();
    const accepted = await scenario.proposal(group, { ...fields, by: people.ana, accepted: true });
    const changed = await app.patch(`/api/proposals/${id}`, people.ana, { expectedRevision: 1, changes: { problem: 'Changed' } });
    expect(changed.body.revision).toBe(2);

    const before = (await app.events()).length;
    const patch = (body: unknown, token = people.ana, target = id) => app.patch(`/api/proposals/${target}`, token, body);
    const cases: Array<[string, { status: number; body: any }, number, RegExp]> = [
      ['no token', await app.post('/api/proposals', undefined, proposal()), 401, /bearer token/],
      ['bad token', await patch({ expectedRevision: 1, changes: { problem: 'x' } }, 'a.b.c'), 401, /token/],
      ['draft by non-member', await app.post('/api/proposals', people.outsider, proposal()), 403, /only members of working group/],
      ['edit by non-member', await patch({ expectedRevision: 2, changes: { objective: 'x' } }, people.outsider), 403, /only members/],
      ['submit by non-member', await app.post(`/api/proposals/${id}/submit`, people.outsider), 403, /only members/],
      ['withdraw by non-member', await app.post(`/api/proposals/${id}/withdraw`, people.outsider), 403, /only members/],
      ['accept by member', await app.post(`/api/proposals/${id}/accept`, people.ana), 403, /admin, moderator/],
      ['reject by member', await app.post(`/api/proposals/${id}/reject`, people.ana), 403, /admin, moderator/],
      [
        'unknown section on draft',
        await app.post('/api/proposals', people.ana, { ...proposal(), sections: { ...proposal().sections, budget: '1M' } }),
        400,
        /sections\.budget/,
      ],
      [
        'missing section on draft',
        await app.post('/api/proposals', people.ana, { ...proposal(), sections: { problem: 'x' } }),
        400,
        /objective/,
      ],
      ['unknown field on draft', await app.post('/api/proposals', people.ana, { ...proposal(), owner: 'me' }), 400, /owner/],
      ['wrong branch', await app.post('/api/proposals', people.ana, { ...proposal(), branch: 'royal' }), 400, /branch/],
      ['themes wrong type', await app.post('/api/proposals', people.ana, { ...proposal(), themes: 'transparency' }), 400, /themes/],
      [
        'section too long',
        await app.post('/api/proposals', people.ana, { ...proposal(), sections: { ...proposal().sections, problem: 'x'.repeat(20_001) } }),
        400,
        /problem/,
      ],
      [
        'group of another plan',
        await app.post('/api/proposals', people.moderator, { ...proposal(), planId: otherPlanId }),
        422,
        /belongs to plan/,
      ],
      [
        'unknown group',
        await app.post('/api/proposals', people.moderator, { ...proposal(), workingGroupId: UNKNOWN_ID }),
        404,
        /working group/,
      ],
      ['unknown section on edit', await patch({ expectedRevision: 2, changes: { budget: '1M' } }), 400, /changes\.budget/],
      ['unknown field on edit', await patch({ expectedRevision: 2, changes: { problem: 'x' }, force: true }), 400, /force/],
      ['revision wrong type', await patch({ expectedRevision: '2', changes: { problem: 'x' } }), 400, /expectedRevision/],
      ['text wrong type', await patch({ expectedRevision: 2, changes: { problem: 7 } }), 400, /changes\.problem/],
      ['null text', await patch({ expectedRevision: 2, changes: { problem: null } }), 400, /changes\.problem/],
      ['no changes object', await patch({ expectedRevision: 2 }), 400, /changes/],
      ['no change at all', await patch({ expectedRevision: 2, changes: {} }), 400, /at least one/],
      ['text too long', await patch({ expectedRevision: 2, changes: { milestones: 'x'.repeat(20_001) } }), 400, /milestones/],
      ['blank required section', await patch({ expectedRevision: 2, changes: { problem: ' ' } }), 422, /problem must not be blank/],
      ['revision ahead', await patch({ expectedRevision: 9, changes: { objective: 'x' } }), 422, /ahead/],
      ['edit conflict', await patch({ expectedRevision: 1, changes: { problem: 'Mine' } }), 409, /problem changed after revision 1/],
      ['edit accepted proposal', await patch({ expectedRevision: 3, changes: { problem: 'x' } }, people.ana, accepted.id), 422, /accepted/],
      ['accept a draft', await app.post(`/api/proposals/${id}/accept`, people.moderator), 422, /must be submitted/],
      ['submit accepted', await app.post(`/api/proposals/${accepted.id}/submit`, people.ana), 422, /must be draft/],
      ['withdraw accepted', await app.post(`/api/proposals/${accepted.id}/withdraw`, people.ana), 422, /draft or submitted/],
      ['submit with unknown field', await app.post(`/api/proposals/${id}/submit`, people.ana, { now: true }), 400, /now/],
      ['reason wrong type', await app.post(`/api/proposals/${id}/withdraw`, people.ana, { reason: 5 }), 400, /reason/],
      ['edit unknown proposal', await patch({ expectedRevision: 1, changes: { problem: 'x' } }, people.ana, UNKNOWN_ID), 404, /not found/],
      ['submit unknown proposal', await app.post(`/api/proposals/${UNKNOWN_ID}/submit`, people.ana), 404, /not found/],
      ['accept unknown proposal', await app.post(`/api/proposals/${UNKNOWN_ID}/accept`, people.moderator), 404, /not found/],
      ['get unknown proposal', await app.get(`/api/proposals/${UNKNOWN_ID}`, people.ana), 404, /not found/],
      ['history of unknown proposal', await app.get(`/api/proposals/${UNKNOWN_ID}/history`, people.ana), 404, /not found/],
      ['id not a uuid', await app.get('/api/proposals/nope', people.ana), 400, /id must be a UUID/],
      ['list bad status', await app.get('/api/proposals?status=sleeping', people.ana), 400, /status/],
      ['list unknown query', await app.get('/api/proposals?sort=asc', people.ana), 400, /sort/],
    ];
    for (const [name, response, status, message] of cases) {
      expect({ name, status: response.status }).toEqual({ name, status });
      expect({ name, message: response.body.message }).toEqual({ name, message: expect.stringMatching(message) });
      expect({ name, statusCode: response.body.statusCode }).toEqual({ name, statusCode: status });
    }
    const conflict = cases.find(([name]) => name === 'edit conflict')![1];
    expect(conflict.body.details).toEqual({ conflicts: [{ section: 'problem', current: 'Changed', revision: 2 }] });
    expect(conflict.body.code).toBe('edit-conflict');
    expect(cases.find(([name]) => name === 'accept a draft')![1].body.code).toBe('wrong-status');
    expect((await app.events()).length).toBe(before);
  });
});
