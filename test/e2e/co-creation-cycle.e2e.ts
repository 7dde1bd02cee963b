import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS_FILE, ProjectionRunner, READ_MODELS_FILE, ReadModelDatabase } from '@cocrea/platform';
import { SqliteEventStore, verifyChain } from '@cocrea/event-store';
import { allProjections } from '../../apps/api/src/projections';
import { TestApp, ok, people } from '../support/app-harness';

/**
 * One whole co-creation cycle through the contract, as a black-box client would drive it: plan, working
 * group, proposals co-edited by two members, a prioritisation consultation, comments and moderation, an
 * adopted commitment with milestones and progress. Then the server restarts and everything is still there,
 * and a rebuild of the read models from the log gives the same documents.
 */
describe('a whole co-creation cycle', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  it('runs from plan to commitment progress, survives a restart and rebuilds identically', async () => {
    const { moderator, ana, beto, auditor } = people;
    const plan = ok(
      await app.post('/api/plans', moderator, {
        title: 'III Plan de Acción', country: 'CO', periodStart: '2017-07-01', periodEnd: '2019-06-30',
        themes: ['transparency', 'participation'],
      }),
      201,
    );
    const group = ok(await app.post('/api/working-groups', moderator, { planId: plan.id, name: 'Mesa de transparencia', theme: 'transparency' }), 201);
    ok(await app.post(`/api/working-groups/${group.id}/members`, moderator, { userId: 'ana', role: 'member' }));
    ok(await app.post(`/api/working-groups/${group.id}/members`, moderator, { userId: 'beto', role: 'lead' }));

    const draft = (title: string) => ({
      planId: plan.id, workingGroupId: group.id, title, leadEntity: 'Secretaría de Transparencia', branch: 'executive',
      themes: ['transparency'], sections: { problem: 'Citizens cannot follow contracts', objective: 'Open contracting data', description: 'Publish' },
    });
    const first = ok(await app.post('/api/proposals', ana, draft('Open contracting')), 201);
    const second = ok(await app.post('/api/proposals', beto, draft('Open budgets')), 201);

    // Ana and Beto edit different sections of the same revision at the same time: both land.
    const [editA, editB] = await Promise.all([
      app.patch(`/api/proposals/${first.id}`, ana, { expectedRevision: first.revision, changes: { problem: 'Contracts are opaque' } }),
      app.patch(`/api/proposals/${first.id}`, beto, { expectedRevision: first.revision, changes: { objective: 'Publish every contract in OCDS' } }),
    ]);
    ok(editA);
    ok(editB);
    for (const id of [first.id, second.id]) ok(await app.post(`/api/proposals/${id}/submit`, ana));

    const consultation = ok(
      await app.post('/api/consultations', moderator, {
        planId: plan.id, title: 'Priorización ciudadana', proposalIds: [first.id, second.id],
        rules: { maxVotesPerParticipant: 1, allowRetraction: true, tallyVisibility: 'live' },
      }),
      201,
    );
    ok(await app.post(`/api/consultations/${consultation.id}/open`, moderator));
    const votes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => app.put(`/api/consultations/${consultation.id}/votes/${i < 8 ? first.id : second.id}`, people.participant(i))),
    );
    votes.forEach((vote) => ok(vote));
    const closed = ok(await app.post(`/api/consultations/${consultation.id}/close`, moderator));
    const results = ok(await app.get(`/api/consultations/${consultation.id}/results?minPosition=${closed.position}`, people.participant(99)));
    expect(results).toMatchObject({
      consultationId: consultation.id, status: 'closed', turnout: 12,
      results: [{ proposalId: first.id, votes: 8 }, { proposalId: second.id, votes: 4 }],
    });

    const comment = ok(await app.post('/api/comments', people.participant(1), { targetType: 'proposal', targetId: first.id, body: 'Incluir contratos municipales' }), 201);
    ok(await app.post('/api/comments', beto, { targetType: 'proposal', targetId: first.id, body: 'De acuerdo', parentId: comment.id }), 201);
    const spam = ok(await app.post('/api/comments', people.participant(2), { targetType: 'proposal', targetId: first.id, body: 'spam spam' }), 201);
    ok(await app.post(`/api/comments/${spam.id}/hide`, moderator, { reason: 'off-topic advertising' }));

    const accepted = ok(await app.post(`/api/proposals/${first.id}/accept`, moderator, { reason: 'most voted in the consultation' }));
    const commitment = ok(await app.post('/api/commitments', moderator, { proposalId: first.id }), 201);
    const milestone = ok(
      await app.post(`/api/commitments/${commitment.id}/milestones`, beto, { title: 'Portal live', startDate: '2017-09-01', endDate: '2018-06-30' }),
      201,
    );
    const progress = ok(
      await app.post(`/api/commitments/${commitment.id}/progress`, beto, {
        completion: 'substantial', note: 'Portal published with 60% of contracts', evidenceUrl: 'https://example.org/report.pdf',
      }),
      201,
    );
    expect(progress.position).toBeGreaterThan(accepted.position);

    const snapshot = async () => ({
      plan: ok(await app.get(`/api/plans/${plan.id}?minPosition=${progress.position}`, auditor)),
      group: ok(await app.get(`/api/working-groups/${group.id}`, auditor)),
      proposal: ok(await app.get(`/api/proposals/${first.id}`, auditor)),
      proposals: ok(await app.get(`/api/proposals?planId=${plan.id}`, auditor)),
      history: ok(await app.get(`/api/proposals/${first.id}/history`, auditor)),
      results: ok(await app.get(`/api/consultations/${consultation.id}/results`, auditor)),
      comments: ok(await app.get(`/api/comments?targetType=proposal&targetId=${first.id}`, auditor)),
      commitment: ok(await app.get(`/api/commitments/${commitment.id}`, auditor)),
    });
    const before = await snapshot();
    expect(before.proposal).toMatchObject({ status: 'accepted', sections: { problem: 'Contracts are opaque', objective: 'Publish every contract in OCDS' } });
    expect(before.commitment).toMatchObject({ proposalId: first.id, milestones: [expect.objectContaining({ id: milestone.id, title: 'Portal live' })] });
    expect(JSON.stringify(before.comments)).not.toContain('spam spam');

    // Restart on the same data folder: every event and every read model is intact.
    const eventsBefore = await app.events();
    await app.restart();
    expect(await app.events()).toEqual(eventsBefore);
    expect(await snapshot()).toEqual(before);
    expect(verifyChain(eventsBefore)).toMatchObject({ ok: true, checked: eventsBefore.length });

    // A rebuild from the log gives the same read models, document for document.
    const live = new ReadModelDatabase(join(app.dataDir, READ_MODELS_FILE));
    const liveDump = live.dump();
    live.close();
    const scratch = join(app.dataDir, 'rebuild-check.db');
    const store = new SqliteEventStore({ filename: join(app.dataDir, EVENTS_FILE) });
    const rebuilt = new ReadModelDatabase(scratch);
    const runner = new ProjectionRunner(store, rebuilt);
    allProjections.forEach((projection) => runner.register(projection));
    expect(await runner.rebuild()).toBe(eventsBefore.length);
    expect(rebuilt.dump()).toEqual(liveDump);
    rebuilt.close();
    await store.close();
    rmSync(scratch, { force: true });

    // `npm run rebuild`, as an operator runs it with the server stopped, gives the same read models too.
    await app.stop({ keepData: true });
    execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/rebuild.ts'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, DATA_DIR: app.dataDir },
      stdio: 'pipe',
    });
    const afterScript = new ReadModelDatabase(join(app.dataDir, READ_MODELS_FILE));
    expect(afterScript.dump()).toEqual(liveDump);
    afterScript.close();
    await app.boot();
    expect(await snapshot()).toEqual(before);
  });
});
