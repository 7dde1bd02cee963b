import { TestApp, people, tokenFor } from '../support/app-harness';
import { bodies } from '../support/scenario';

/**
 * `Idempotency-Key`: a retry of the same user's same request returns the first answer and records nothing;
 * the key never replays another user's request, another endpoint's, or another body's.
 */
describe('Idempotency-Key', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  const retried = async (path: string, token: string, body: unknown, key: string, status = 201) => {
    const before = (await app.events()).length;
    const [first, second] = await Promise.all([
      app.post(path, token, body, { 'idempotency-key': key }),
      app.post(path, token, body, { 'idempotency-key': key }),
    ]);
    const third = await app.post(path, token, body, { 'idempotency-key': key });
    expect({ path, status: first.status }).toEqual({ path, status });
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    const recorded = (await app.events()).slice(before);
    expect(recorded.filter((e) => e.metadata.idempotencyKey === key).length).toBe(recorded.length);
    expect(new Set(recorded.map((e) => e.metadata.commandId)).size).toBe(1);
    return first.body;
  };

  it('replays every kind of command once, answering the id the first attempt created', async () => {
    const plan = await retried('/api/plans', people.moderator, bodies.plan(), 'k-plan');
    expect((await app.get(`/api/plans/${plan.id}?minPosition=${plan.position}`, people.ana)).status).toBe(200);

    const group = await retried('/api/working-groups', people.moderator, bodies.workingGroup(plan.id), 'k-group');
    expect((await app.get(`/api/working-groups/${group.id}?minPosition=${group.position}`, people.ana)).status).toBe(200);
    await retried(`/api/working-groups/${group.id}/members`, people.moderator, { userId: 'beto', role: 'lead' }, 'k-member', 200);

    const proposal = await retried('/api/proposals', people.beto, bodies.proposal(plan.id, group.id), 'k-proposal');
    expect((await app.get(`/api/proposals/${proposal.id}?minPosition=${proposal.position}`, people.ana)).status).toBe(200);
    await retried(`/api/proposals/${proposal.id}/submit`, people.beto, {}, 'k-submit', 200);

    const consultation = await retried(
      '/api/consultations',
      people.moderator,
      bodies.consultation(plan.id, [proposal.id]),
      'k-consultation',
    );
    expect((await app.get(`/api/consultations/${consultation.id}?minPosition=${consultation.position}`, people.ana)).status).toBe(200);

    const comment = await retried(
      '/api/comments',
      people.participant(1),
      { targetType: 'proposal', targetId: proposal.id, body: 'hola' },
      'k-comment',
    );
    const comments = await app.get(`/api/comments?targetType=proposal&targetId=${proposal.id}&minPosition=${comment.position}`, people.ana);
    expect(comments.body.map((c: { id: string }) => c.id)).toEqual([comment.id]);

    await retried(`/api/proposals/${proposal.id}/accept`, people.moderator, { reason: 'prioritised' }, 'k-accept', 200);
    const commitment = await retried('/api/commitments', people.moderator, { proposalId: proposal.id }, 'k-commitment');
    const milestone = await retried(`/api/commitments/${commitment.id}/milestones`, people.beto, bodies.milestone(), 'k-milestone');
    const report = await retried(
      `/api/commitments/${commitment.id}/progress`,
      people.beto,
      bodies.progress({ milestoneId: milestone.id }),
      'k-progress',
    );
    const read = await app.get(`/api/commitments/${commitment.id}?minPosition=${report.position}`, people.ana);
    expect(read.body.milestones.map((m: { id: string }) => m.id)).toEqual([milestone.id]);
    expect(read.body.progress).toHaveLength(1);
  });

  it('never replays another user’s request, nor the same key with another body or endpoint', async () => {
    const body = bodies.plan({ title: 'Shared key' });
    const headers = { 'idempotency-key': 'same-key' };
    const mine = await app.post('/api/plans', people.moderator, body, headers);
    const theirs = await app.post('/api/plans', tokenFor('mod-2', ['moderator']), body, headers);
    const otherBody = await app.post('/api/plans', people.moderator, { ...body, title: 'Another plan' }, headers);
    const otherEndpoint = await app.post(
      '/api/comments',
      people.moderator,
      { targetType: 'proposal', targetId: mine.body.id, body: 'x' },
      headers,
    );
    expect([mine.status, theirs.status, otherBody.status]).toEqual([201, 201, 201]);
    expect(new Set([mine.body.id, theirs.body.id, otherBody.body.id]).size).toBe(3);
    // The comment names a plan as a proposal: refused as such, not answered with the plan's result.
    expect(otherEndpoint.status).toBe(404);
  });
});
