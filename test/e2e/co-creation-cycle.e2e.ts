import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS_FILE, ProjectionRunner, READ_MODELS_FILE, ServingReadModels } from '@cocrea/platform';
import { SqliteEventStore, verifyChain } from '@cocrea/event-store';
import { allProjections } from '../../apps/api/src/projections';
import { TestApp, ok, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

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
    const { ana, beto, auditor } = people;
    const scenario = new Scenario(app);
    const plan = await scenario.plan({ title: 'III Plan de Acción', themes: ['transparency', 'participation'] });
    const group = await scenario.workingGroup(plan, { members: { ana: 'member', beto: 'lead' } });
    const first = await scenario.proposal(group, { title: 'Open contracting', by: ana });
    const second = await scenario.proposal(group, { title: 'Open budgets', by: beto });

    // Ana and Beto edit different sections of the same revision at the same time: both land.
    await Promise.all([
      scenario.edit(first, { problem: 'Contracts are opaque' }, { by: ana }),
      scenario.edit(first, { objective: 'Publish every contract in OCDS' }, { by: beto }),
    ]);
    for (const proposal of [first, second]) await scenario.submit(proposal, { by: ana });

    const consultation = await scenario.consultation(plan, [first, second], { title: 'Priorización ciudadana', open: true });
    await Promise.all(Array.from({ length: 12 }, (_, i) => scenario.vote(consultation, i < 8 ? first : second, people.participant(i))));
    const closed = await scenario.close(consultation);
    const results = ok(
      await app.get(`/api/consultations/${consultation.id}/results?minPosition=${closed.position}`, people.participant(99)),
    );
    expect(results).toMatchObject({
      consultationId: consultation.id,
      status: 'closed',
      turnout: 12,
      results: [
        { proposalId: first.id, votes: 8 },
        { proposalId: second.id, votes: 4 },
      ],
    });

    const comment = await scenario.comment('proposal', first, 'Incluir contratos municipales', { by: people.participant(1) });
    await scenario.comment('proposal', first, 'De acuerdo', { by: beto, parent: comment });
    const spam = await scenario.comment('proposal', first, 'spam spam', { by: people.participant(2) });
    await scenario.hide(spam, 'off-topic advertising');

    const accepted = await scenario.accept(first, { reason: 'most voted in the consultation' });
    const commitment = await scenario.commitment(first, { alreadyAccepted: true });
    const milestone = await scenario.milestone(commitment, {
      title: 'Portal live',
      startDate: '2017-09-01',
      endDate: '2018-06-30',
      by: beto,
    });
    const progress = await scenario.progress(commitment, {
      completion: 'substantial',
      note: 'Portal published with 60% of contracts',
      evidenceUrl: 'https://example.org/report.pdf',
      by: beto,
    });
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
    expect(before.proposal).toMatchObject({
      status: 'accepted',
      sections: { problem: 'Contracts are opaque', objective: 'Publish every contract in OCDS' },
    });
    expect(before.commitment).toMatchObject({
      proposalId: first.id,
      milestones: [expect.objectContaining({ id: milestone.id, title: 'Portal live' })],
    });
    expect(JSON.stringify(before.comments)).not.toContain('spam spam');

    // Restart on the same data folder: every event and every read model is intact.
    const eventsBefore = await app.events();
    await app.restart();
    expect(await app.events()).toEqual(eventsBefore);
    expect(await snapshot()).toEqual(before);
    expect(verifyChain(eventsBefore)).toMatchObject({ ok: true, checked: eventsBefore.length });

    // A rebuild from the log gives the same read models, document for document.
    const live = new ServingReadModels(join(app.dataDir, READ_MODELS_FILE));
    const liveDump = live.dump();
    live.close();
    const scratch = join(app.dataDir, 'rebuild-check.db');
    const store = new SqliteEventStore({ filename: join(app.dataDir, EVENTS_FILE) });
    const rebuilt = new ServingReadModels(scratch);
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
    const afterScript = new ServingReadModels(join(app.dataDir, READ_MODELS_FILE));
    expect(afterScript.dump()).toEqual(liveDump);
    afterScript.close();
    await app.boot();
    expect(await snapshot()).toEqual(before);
  });
});
