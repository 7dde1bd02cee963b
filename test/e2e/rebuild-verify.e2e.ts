import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EVENTS_FILE, READ_MODELS_FILE } from '@cocrea/platform';
import { SqliteEventStore } from '@cocrea/event-store';
import { TestApp, ok, people } from '../support/app-harness';

/** `npm run rebuild -- --verify`, run as an operator runs it, in its own process. */
const verify = (dataDir: string) => {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/rebuild.ts', '--verify'], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/**
 * Replay verification: the read models rebuilt from the log are compared with the live ones, read model by
 * read model and row by row, without replacing them, while the server runs or after it stopped.
 */
describe('npm run rebuild -- --verify', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  it('finds the live read models identical to a rebuild, and names the collection and row of a tampered document', async () => {
    const { moderator, ana, beto } = people;
    const plan = ok(
      await app.post('/api/plans', moderator, { title: 'IV Plan', country: 'CO', periodStart: '2026-07-01', periodEnd: '2028-06-30', themes: ['transparency'] }),
      201,
    );
    const group = ok(await app.post('/api/working-groups', moderator, { planId: plan.id, name: 'Mesa de datos', theme: 'transparency' }), 201);
    ok(await app.post(`/api/working-groups/${group.id}/members`, moderator, { userId: 'ana', role: 'member' }));
    ok(await app.post(`/api/working-groups/${group.id}/members`, moderator, { userId: 'beto', role: 'lead' }));
    const proposals: Array<{ id: string; revision: number }> = [];
    for (const title of ['Open contracting', 'Open budgets', 'Lobby register']) {
      proposals.push(
        ok(
          await app.post('/api/proposals', ana, {
            planId: plan.id, workingGroupId: group.id, title, leadEntity: 'Secretaría de Transparencia', branch: 'executive',
            themes: ['transparency'], sections: { problem: 'Opaque', objective: 'Open data', description: 'Publish' },
          }),
          201,
        ),
      );
    }
    let revision = proposals[0].revision;
    for (const text of ['Contracts are opaque', 'Contracts are opaque and late', 'Contracts are late']) {
      revision = ok(await app.patch(`/api/proposals/${proposals[0].id}`, beto, { expectedRevision: revision, changes: { problem: text } })).revision;
    }
    for (const proposal of proposals) ok(await app.post(`/api/proposals/${proposal.id}/submit`, ana));
    const consultation = ok(
      await app.post('/api/consultations', moderator, {
        planId: plan.id, title: 'Priorización', proposalIds: proposals.map((p) => p.id),
        rules: { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'live' },
      }),
      201,
    );
    ok(await app.post(`/api/consultations/${consultation.id}/open`, moderator));
    const votes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => app.put(`/api/consultations/${consultation.id}/votes/${proposals[i % 3].id}`, people.participant(i % 25))),
    );
    votes.forEach((vote) => ok(vote));
    ok(await app.delete(`/api/consultations/${consultation.id}/votes/${proposals[0].id}`, people.participant(0)));
    const comment = ok(await app.post('/api/comments', people.participant(3), { targetType: 'proposal', targetId: proposals[0].id, body: 'Sí' }), 201);
    ok(await app.post(`/api/comments/${comment.id}/hide`, moderator, { reason: 'off-topic' }));
    const last = ok(await app.post(`/api/consultations/${consultation.id}/close`, moderator));
    ok(await app.get(`/api/consultations/${consultation.id}?minPosition=${last.position}`, moderator));

    // While the server runs: its read models are only read.
    const running = verify(app.dataDir);
    expect(running).toEqual({ status: 0, output: expect.stringContaining('identical: the read models are what the log makes of them') });
    expect(running.output).toMatch(/consultation-tallies\s+1\s+(\w{16})\s+1\s+\1\s+identical/);

    // The log may run ahead of the live read models (here: appended while the server was down): the rebuild
    // stops at the live models' checkpoints, so that is no difference.
    await app.stop({ keepData: true });
    const store = new SqliteEventStore({ filename: join(app.dataDir, EVENTS_FILE) });
    const lateComment = randomUUID();
    await store.appendToStream(`comment-${lateComment}`, [
      {
        type: 'CommentPosted',
        data: { commentId: lateComment, targetType: 'proposal', targetId: proposals[1].id, body: 'Late', authorId: 'citizen-9', authorName: 'Citizen 9' },
      },
    ]);
    await store.close();
    const behind = verify(app.dataDir);
    expect(behind).toEqual({ status: 0, output: expect.stringContaining(`consultations ${last.position},`) });
    expect(behind.output).toContain(`the log ends at ${last.position + 1}`);

    // One tampered row: a vote added to the tally by hand.
    const live = new Database(join(app.dataDir, READ_MODELS_FILE));
    const row = live.prepare<[string], { body: string }>("SELECT body FROM documents WHERE collection = 'consultation-tallies' AND id = ?").get(consultation.id)!;
    const tally = JSON.parse(row.body);
    const counted = tally.votes[proposals[2].id];
    tally.votes[proposals[2].id] = counted + 1;
    live.prepare("UPDATE documents SET body = ? WHERE collection = 'consultation-tallies' AND id = ?").run(JSON.stringify(tally), consultation.id);
    live.close();
    const tampered = verify(app.dataDir);
    expect(tampered.status).toBe(1);
    expect(tampered.output).toContain('consultation-tallies: 1 row differs');
    expect(tampered.output).toContain(`${consultation.id}: different (live → rebuilt): votes.${proposals[2].id}: ${counted + 1} → ${counted}`);
    expect(tampered.output).not.toContain('identical: the read models');
    await app.boot();
  });
});
