import { ProjectionRunner, ServingReadModels } from '@cocrea/platform';
import { TestApp, people, tokenFor } from '../support/app-harness';
import { Scenario, WorkingGroup } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('commitments over HTTP', () => {
  let app: TestApp;
  let scenario: Scenario;
  let planId: string;
  let otherPlanId: string;
  let group: WorkingGroup;

  const adopt = (proposalId: string, token = people.moderator) => app.post('/api/commitments', token, { proposalId });

  /** A plan whose transparency working group has Ana as a member and Beto as its lead. */
  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    planId = (await scenario.plan()).id;
    otherPlanId = (await scenario.plan({ title: 'IV Plan' })).id;
    group = await scenario.workingGroup(planId, { members: { ana: 'member', beto: 'lead' } });
  });
  afterAll(() => app.stop());

  it('adopts an accepted proposal and follows it up with milestones and progress', async () => {
    const proposal = await scenario.proposal(group, {
      title: 'Open contracting data',
      leadEntity: 'Colombia Compra Eficiente',
      branch: 'executive',
      themes: ['transparency', 'public procurement'],
      by: people.ana,
      accepted: true,
    });
    const proposalId = proposal.id;
    const adopted = await adopt(proposalId);
    expect(adopted.status).toBe(201);
    expect(adopted.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), revision: 1, position: expect.any(Number) });
    const commitmentId = adopted.body.id;

    const fresh = await app.get(`/api/commitments/${commitmentId}?minPosition=${adopted.body.position}`, people.participant(1));
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      id: commitmentId,
      proposalId,
      planId,
      workingGroupId: group.id,
      title: 'Open contracting data',
      leadEntity: 'Colombia Compra Eficiente',
      branch: 'executive',
      themes: ['transparency', 'public procurement'],
      completion: 'not-started',
      milestones: [],
      progress: [],
      adoptedBy: 'mod-1',
    });

    // The lead of the working group adds milestones; a moderator may too.
    const first = await app.post(`/api/commitments/${commitmentId}/milestones`, people.beto, {
      title: 'Publish tenders in OCDS',
      deliverable: 'OCDS API',
      startDate: '2017-09-01',
      endDate: '2018-06-30',
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), commitmentId, revision: 2, position: expect.any(Number) });
    const second = await app.post(`/api/commitments/${commitmentId}/milestones`, people.moderator, {
      title: 'Train municipalities',
      startDate: '2018-07-01',
      endDate: '2018-07-01',
    });
    expect(second.status).toBe(201);

    const onMilestone = await app.post(`/api/commitments/${commitmentId}/progress`, people.beto, {
      milestoneId: first.body.id,
      completion: 'complete',
      note: 'Every tender since March is in OCDS',
      evidenceUrl: 'https://example.org/ocds',
    });
    expect(onMilestone.status).toBe(201);
    expect(onMilestone.body).toEqual({ id: expect.any(String), commitmentId, revision: 4, position: expect.any(Number) });
    const overall = await app.post(`/api/commitments/${commitmentId}/progress`, people.admin, {
      completion: 'substantial',
      note: 'One of two milestones done',
    });
    expect(overall.status).toBe(201);

    const followed = await app.get(`/api/commitments/${commitmentId}?minPosition=${overall.body.position}`, people.ana);
    expect(followed.body.completion).toBe('substantial');
    expect(followed.body.revision).toBe(5);
    expect(followed.body.milestones).toEqual([
      {
        id: first.body.id,
        title: 'Publish tenders in OCDS',
        deliverable: 'OCDS API',
        startDate: '2017-09-01',
        endDate: '2018-06-30',
        completion: 'complete',
        addedBy: 'beto',
        addedAt: expect.any(String),
      },
      {
        id: second.body.id,
        title: 'Train municipalities',
        deliverable: null,
        startDate: '2018-07-01',
        endDate: '2018-07-01',
        completion: 'not-started',
        addedBy: 'mod-1',
        addedAt: expect.any(String),
      },
    ]);
    expect(followed.body.progress).toEqual([
      {
        id: onMilestone.body.id,
        milestoneId: first.body.id,
        completion: 'complete',
        note: 'Every tender since March is in OCDS',
        evidenceUrl: 'https://example.org/ocds',
        reporterId: 'beto',
        reporterName: 'Beto (entidad)',
        reportedAt: expect.any(String),
        position: onMilestone.body.position,
      },
      {
        id: overall.body.id,
        milestoneId: null,
        completion: 'substantial',
        note: 'One of two milestones done',
        evidenceUrl: null,
        reporterId: 'admin-1',
        reporterName: 'Admin',
        reportedAt: expect.any(String),
        position: overall.body.position,
      },
    ]);

    const inPlan = await app.get(`/api/commitments?planId=${planId}`, people.participant(1));
    expect(inPlan.status).toBe(200);
    expect(inPlan.body.map((c: any) => c.id)).toContain(commitmentId);
    expect((await app.get(`/api/commitments?planId=${otherPlanId}`, people.participant(1))).body).toEqual([]);
    expect((await app.get('/api/commitments', people.participant(1))).body.map((c: any) => c.id)).toContain(commitmentId);

    // The log holds the trace proposal → commitment → milestone → progress, with who did each step.
    const events = (await app.events()).filter((e) => e.streamId === `commitment-${commitmentId}`);
    expect(events.map((e) => [e.type, e.metadata.actorId])).toEqual([
      ['CommitmentAdopted', 'mod-1'],
      ['MilestoneAdded', 'beto'],
      ['MilestoneAdded', 'mod-1'],
      ['ProgressReported', 'beto'],
      ['ProgressReported', 'admin-1'],
    ]);
    expect(events[0].data).toMatchObject({ proposalId, proposalRevision: expect.any(Number) });
  });

  it('adopts a proposal only once, even when two moderators adopt it at the same moment', async () => {
    const { id: proposalId } = await scenario.proposal(group, { title: 'Open budgets', by: people.ana, accepted: true });
    const [one, two] = await Promise.all([adopt(proposalId, people.moderator), adopt(proposalId, people.admin)]);
    expect([one.status, two.status].sort()).toEqual([201, 422]);
    const refused = one.status === 422 ? one : two;
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'commitment-exists', message: expect.stringMatching(/already adopted/) });
    const before = (await app.events()).length;
    const later = await adopt(proposalId);
    expect(later.status).toBe(422);
    const adoptions = (await app.events()).filter((e) => e.type === 'CommitmentAdopted' && (e.data as any).proposalId === proposalId);
    expect(adoptions).toHaveLength(1);
    expect((await app.events()).length).toBe(before);
  });

  it('refuses bad input, unknown ids, wrong roles and broken rules, recording nothing', async () => {
    const { id: proposalId } = await scenario.proposal(group, { title: 'Open registries', by: people.ana, submitted: true });
    const { id: commitmentId } = await scenario.commitment(proposalId);
    await scenario.milestone(commitmentId);
    const drafted = (await scenario.proposal(group, { title: 'Still a draft', by: people.ana })).id;
    const submitted = (await scenario.proposal(group, { title: 'Only submitted', by: people.ana, submitted: true })).id;
    const outsiderGroup = tokenFor('olga', ['member'], 'Olga (otra mesa)');
    const before = (await app.events()).length;

    const milestones = `/api/commitments/${commitmentId}/milestones`;
    const progress = `/api/commitments/${commitmentId}/progress`;
    const validMilestone = { title: 'Audit', startDate: '2018-01-01', endDate: '2018-02-01' };
    const validReport = { completion: 'limited', note: 'started' };
    const cases: Array<[string, { status: number; body: any }, number, RegExp, string?]> = [
      ['adopt without token', await app.post('/api/commitments', undefined, { proposalId }), 401, /bearer token/],
      ['adopt with a bad token', await app.post('/api/commitments', 'a.b.c', { proposalId }), 401, /JWT|signature/],
      ['member adopts', await adopt(proposalId, people.ana), 403, /moderator/],
      ['participant adopts', await adopt(proposalId, people.participant(2)), 403, /moderator/],
      ['proposal id not a uuid', await adopt('p1'), 400, /proposalId/],
      ['no proposal id', await app.post('/api/commitments', people.moderator, {}), 400, /proposalId/],
      ['unknown field', await app.post('/api/commitments', people.moderator, { proposalId, title: 'x' }), 400, /title/],
      ['unknown proposal', await adopt(UNKNOWN), 404, /proposal .* not found/],
      ['draft proposal', await adopt(drafted), 422, /only an accepted proposal/, 'proposal-not-accepted'],
      ['submitted proposal', await adopt(submitted), 422, /only an accepted proposal/, 'proposal-not-accepted'],
      ['adopted twice', await adopt(proposalId), 422, /already adopted/, 'commitment-exists'],

      ['milestone without token', await app.post(milestones, undefined, validMilestone), 401, /bearer token/],
      ['milestone by a member who is not lead', await app.post(milestones, people.ana, validMilestone), 403, /lead/],
      ['milestone by someone outside the group', await app.post(milestones, outsiderGroup, validMilestone), 403, /lead/],
      [
        'milestone by a participant',
        await app.post(milestones, people.participant(3), validMilestone),
        403,
        /requires one of the roles: member, moderator, admin/,
      ],
      ['malformed start', await app.post(milestones, people.beto, { ...validMilestone, startDate: 'next week' }), 400, /startDate/],
      ['impossible end', await app.post(milestones, people.beto, { ...validMilestone, endDate: '2018-02-30' }), 400, /endDate/],
      ['missing title', await app.post(milestones, people.beto, { ...validMilestone, title: undefined }), 400, /title/],
      ['blank title', await app.post(milestones, people.beto, { ...validMilestone, title: '  ' }), 400, /title/],
      [
        'reversed dates',
        await app.post(milestones, people.beto, { ...validMilestone, endDate: '2017-12-31' }),
        422,
        /before startDate/,
        'milestone-ends-before-start',
      ],
      [
        'milestone of an unknown commitment',
        await app.post(`/api/commitments/${UNKNOWN}/milestones`, people.moderator, validMilestone),
        404,
        /commitment .* not found/,
      ],
      [
        'milestone of a bad id',
        await app.post('/api/commitments/c1/milestones', people.moderator, validMilestone),
        400,
        /id must be a UUID/,
      ],

      ['progress by a member who is not lead', await app.post(progress, people.ana, validReport), 403, /lead/],
      ['unknown completion', await app.post(progress, people.beto, { ...validReport, completion: 'half' }), 400, /completion/],
      ['no note', await app.post(progress, people.beto, { completion: 'limited' }), 400, /note/],
      ['ftp evidence', await app.post(progress, people.beto, { ...validReport, evidenceUrl: 'ftp://example.org/x' }), 400, /evidenceUrl/],
      ['evidence not a URL', await app.post(progress, people.beto, { ...validReport, evidenceUrl: 'see attached' }), 400, /evidenceUrl/],
      ['milestone id not a uuid', await app.post(progress, people.beto, { ...validReport, milestoneId: 'm1' }), 400, /milestoneId/],
      [
        'unknown milestone',
        await app.post(progress, people.beto, { ...validReport, milestoneId: UNKNOWN }),
        422,
        /no milestone/,
        'milestone-not-found',
      ],
      [
        'progress of an unknown commitment',
        await app.post(`/api/commitments/${UNKNOWN}/progress`, people.beto, validReport),
        404,
        /not found/,
      ],

      ['read an unknown commitment', await app.get(`/api/commitments/${UNKNOWN}`, people.ana), 404, /not found/],
      ['list with a bad plan id', await app.get('/api/commitments?planId=x', people.ana), 400, /planId/],
    ];
    for (const [name, response, status, message, code] of cases) {
      expect({ name, status: response.status }).toEqual({ name, status });
      expect({ name, message: response.body.message }).toEqual({ name, message: expect.stringMatching(message) });
      expect({ name, statusCode: response.body.statusCode, error: typeof response.body.error }).toEqual({
        name,
        statusCode: status,
        error: 'string',
      });
      if (code) expect({ name, code: response.body.code }).toEqual({ name, code });
    }
    expect((await app.events()).length).toBe(before);
  });

  it('refuses a lead once removed from the working group', async () => {
    const carlasGroup = await scenario.workingGroup(planId, { name: 'Mesa de datos abiertos', members: { ana: 'member', carla: 'lead' } });
    const carla = tokenFor('carla', ['member'], 'Carla');
    const { id: commitmentId } = await scenario.commitment(
      await scenario.proposal(carlasGroup, { title: 'Open court hearings', by: people.ana, submitted: true }),
    );
    const report = { completion: 'limited', note: 'Hearings are streamed' };
    expect((await app.post(`/api/commitments/${commitmentId}/progress`, carla, report)).status).toBe(201);
    const removed = await app.delete(`/api/working-groups/${carlasGroup.id}/members/carla`, people.moderator);
    expect(removed.status).toBe(200);
    expect((await app.post(`/api/commitments/${commitmentId}/progress`, carla, report)).status).toBe(403);
  });

  it('returns the first milestone when the command is retried with the same Idempotency-Key', async () => {
    const { id: commitmentId } = await scenario.commitment(
      await scenario.proposal(group, { title: 'Open lobbying register', by: people.ana, submitted: true }),
    );
    const headers = { 'idempotency-key': 'milestone-once' };
    const body = { title: 'Register online', startDate: '2018-01-01', endDate: '2018-03-01' };
    const first = await app.post(`/api/commitments/${commitmentId}/milestones`, people.beto, body, headers);
    const again = await app.post(`/api/commitments/${commitmentId}/milestones`, people.beto, body, headers);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const read = await app.get(`/api/commitments/${commitmentId}?minPosition=${first.body.position}`, people.ana);
    expect(read.body.milestones.map((m: any) => m.id)).toEqual([first.body.id]);
  });

  // Last: a rebuild stops the live projections of this app.
  it('rebuilds the commitment and comment read models identically from the log', async () => {
    const { id: commitmentId } = await scenario.commitment(
      await scenario.proposal(group, { title: 'Open beneficial ownership', by: people.ana, submitted: true }),
    );
    await scenario.milestone(commitmentId, { title: 'Register', startDate: '2018-01-01', endDate: '2018-06-01', by: people.beto });
    const comment = await scenario.comment('commitment', commitmentId, 'Good', { by: people.ana });
    const hidden = await scenario.hide(comment, 'off topic');
    await app.get(`/api/commitments/${commitmentId}?minPosition=${hidden.position}`, people.ana);
    const readModels = app.app.get(ServingReadModels);
    const ours = () => readModels.dump().filter((d) => d.collection === 'commitments' || d.collection === 'comments');
    const live = ours();
    expect(live.length).toBeGreaterThan(5);
    await app.app.get(ProjectionRunner).rebuild();
    expect(ours()).toEqual(live);
  });
});
