import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS_FILE, READ_MODELS_FILE } from '@cocrea/platform';
import { SqliteEventStore } from '@cocrea/event-store';
import { TestApp, ok, people } from '../support/app-harness';
import { Proposal, Scenario } from '../support/scenario';

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
    const scenario = new Scenario(app);
    const plan = await scenario.plan({ title: 'IV Plan' });
    const group = await scenario.workingGroup(plan, { name: 'Mesa de datos', members: { ana: 'member', beto: 'lead' } });
    const proposals: Proposal[] = [];
    for (const title of ['Open contracting', 'Open budgets', 'Lobby register'])
      proposals.push(await scenario.proposal(group, { title, by: people.ana }));
    let edited = proposals[0];
    for (const text of ['Contracts are opaque', 'Contracts are opaque and late', 'Contracts are late'])
      edited = await scenario.edit(edited, { problem: text }, { by: people.beto });
    for (const proposal of proposals) await scenario.submit(proposal, { by: people.ana });
    const consultation = await scenario.consultation(plan, proposals, { rules: { maxVotesPerParticipant: 2 }, open: true });
    await Promise.all(Array.from({ length: 40 }, (_, i) => scenario.vote(consultation, proposals[i % 3], people.participant(i % 25))));
    await scenario.retract(consultation, proposals[0], people.participant(0));
    const comment = await scenario.comment('proposal', proposals[0], 'Sí', { by: people.participant(3) });
    await scenario.hide(comment, 'off-topic');
    await scenario.close(consultation);
    // A work table: check-ins, a poll with changed votes, a moderated queue with upvotes, minutes on a proposal.
    const meeting = await scenario.meeting(plan, { workingGroupId: group.id });
    const at = (path: string) => `/api/meetings/${meeting.id}${path}`;
    ok(await app.post(at('/start'), people.beto));
    for (let i = 0; i < 6; i++)
      ok(await app.post(at('/attendance'), people.participant(i), { organisation: `Org ${i}`, sector: i % 2 ? 'academia' : 'citizen' }));
    const poll = ok(
      await app.post(at('/polls'), people.beto, { form: 'multiple', question: '¿Qué?', options: ['A', 'B', 'C'], maxChoices: 2 }),
      201,
    );
    for (let i = 0; i < 8; i++)
      ok(
        await app.put(at(`/polls/${poll.id}/vote`), people.participant(i % 5), {
          choices: i < 5 ? ['option-1'] : ['option-2', 'option-3'],
        }),
      );
    const asked = ok(await app.post(at('/questions'), people.participant(1), { text: '¿Cuándo?' }), 201);
    const rejected = ok(await app.post(at('/questions'), people.participant(2), { text: 'fuera de tema' }), 201);
    ok(await app.post(at(`/questions/${asked.id}/approve`), people.beto, {}));
    ok(await app.post(at(`/questions/${rejected.id}/reject`), people.beto, { reason: 'fuera de tema' }));
    for (let i = 3; i < 7; i++) ok(await app.put(at(`/questions/${asked.id}/upvote`), people.participant(i)));
    const agreement = { text: 'Ajustar', responsibleEntity: 'MinTIC', dueDate: '2027-04-01', proposalId: proposals[1].id };
    const last = ok(await app.post(at('/close'), people.beto, { minutes: { summary: 'Acta', agreements: [agreement] } }));
    ok(await app.get(`/api/consultations/${consultation.id}?minPosition=${last.position}`, people.moderator));

    // While the server runs: its read models are only read.
    const running = verify(app.dataDir);
    expect(running).toEqual({ status: 0, output: expect.stringContaining('identical: the read models are what the log makes of them') });
    expect(running.output).toMatch(/consultation-tallies\s+1\s+(\w{16})\s+1\s+\1\s+identical/);
    expect(running.output).toMatch(/meeting-poll-tallies\s+1\s+(\w{16})\s+1\s+\1\s+identical/);
    expect(running.output).toMatch(/meeting-questions\s+2\s+(\w{16})\s+2\s+\1\s+identical/);

    // The log may run ahead of the live read models (here: appended while the server was down): the rebuild
    // stops at the live models' checkpoints, so that is no difference.
    await app.stop({ keepData: true });
    const store = new SqliteEventStore({ filename: join(app.dataDir, EVENTS_FILE) });
    const lateComment = randomUUID();
    await store.appendToStream(`comment-${lateComment}`, [
      {
        type: 'CommentPosted',
        data: {
          commentId: lateComment,
          targetType: 'proposal',
          targetId: proposals[1].id,
          body: 'Late',
          authorId: 'citizen-9',
          authorName: 'Citizen 9',
        },
      },
    ]);
    await store.close();
    const behind = verify(app.dataDir);
    expect(behind).toEqual({ status: 0, output: expect.stringContaining(`consultations ${last.position},`) });
    expect(behind.output).toContain(`the log ends at ${last.position + 1}`);

    // One tampered row: a vote added to the tally by hand.
    const live = new Database(join(app.dataDir, READ_MODELS_FILE));
    const row = live
      .prepare<[string], { body: string }>("SELECT body FROM documents WHERE collection = 'consultation-tallies' AND id = ?")
      .get(consultation.id)!;
    const tally = JSON.parse(row.body);
    const counted = tally.votes[proposals[2].id];
    tally.votes[proposals[2].id] = counted + 1;
    live
      .prepare("UPDATE documents SET body = ? WHERE collection = 'consultation-tallies' AND id = ?")
      .run(JSON.stringify(tally), consultation.id);
    live.close();
    const tampered = verify(app.dataDir);
    expect(tampered.status).toBe(1);
    expect(tampered.output).toContain('consultation-tallies: 1 row differs');
    expect(tampered.output).toContain(
      `${consultation.id}: different (live → rebuilt): votes.${proposals[2].id}: ${counted + 1} → ${counted}`,
    );
    expect(tampered.output).not.toContain('identical: the read models');
    await app.boot();
  });
});

describe('npm run rebuild while a server holds the data folder', () => {
  const rebuild = (dataDir: string) => {
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/rebuild.ts'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('refuses to swap the read models under a running server, and rebuilds once it has stopped', async () => {
    const app = await TestApp.start();
    try {
      await new Scenario(app).plan({ title: 'V Plan' });
      const file = join(app.dataDir, READ_MODELS_FILE);
      const inode = statSync(file).ino;
      const refused = rebuild(app.dataDir);
      expect(refused.status).toBe(1);
      expect(refused.output).toContain(`a Cocrea server holds DATA_DIR ${app.dataDir} (process ${process.pid} on`);
      expect(refused.output).toContain('npm run rebuild -- --verify');
      expect(statSync(file).ino).toBe(inode);

      // A second server on the same folder is refused the same way.
      await expect(new TestApp(app.dataDir).boot()).rejects.toThrow(`DATA_DIR ${app.dataDir} is in use by another Cocrea server`);

      await app.app.close();
      const rebuilt = rebuild(app.dataDir);
      expect(rebuilt).toEqual({ status: 0, output: expect.stringMatching(/^rebuilt \d+ read models from 1 events/) });
      expect(statSync(file).ino).not.toBe(inode);
      await app.boot();
      expect(ok(await app.get('/api/plans')).map((p: { title: string }) => p.title)).toEqual(['V Plan']);
    } finally {
      await app.stop();
    }
  });
});
