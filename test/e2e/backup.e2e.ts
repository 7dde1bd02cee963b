import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '@cocrea/event-store';
import { TestApp, ok } from '../support/app-harness';
import { ROOT } from '../support/node-process';
import { Scenario } from '../support/scenario';

/** `npm run backup` and `npm run restore`, run as an operator runs them, in their own processes. */
const run = (script: 'backup' | 'restore', dataDir: string, file: string) => {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/backup.ts', script, file], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('backup and restore of the log', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cocrea-backups-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('copies a live server’s log consistently, and restores it, verified, into a stopped server’s folder', async () => {
    const app = await TestApp.start();
    try {
      const scenario = new Scenario(app);
      const plan = await scenario.plan({ title: 'Antes de la copia' });
      // Writes go on while the backup runs: the copy is one consistent moment of the log.
      const writing = Promise.all(Array.from({ length: 30 }, (_, n) => scenario.plan({ title: `Durante ${n}` })));
      const file = join(folder, 'events-backup.db');
      const backup = run('backup', app.dataDir, file);
      await writing;
      expect(backup.status).toBe(0);
      expect(backup.output).toMatch(/^backed up .* \d+ events, chain intact up to position \d+/);
      expect(backup.output).toContain('keep with it: the audit key');
      const copied = new Database(file, { readonly: true });
      const rows = copied.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
      copied.close();
      expect(rows.n).toBeGreaterThanOrEqual(1);

      expect(run('backup', app.dataDir, file)).toMatchObject({ status: 2, output: expect.stringContaining('never overwrites') });
      // Restoring under a running server is refused.
      expect(run('restore', app.dataDir, file)).toMatchObject({ status: 1, output: expect.stringContaining('stop it before restoring') });

      await scenario.plan({ title: 'Después de la copia' });
      await app.app.close();
      const restored = run('restore', app.dataDir, file);
      expect(restored).toMatchObject({ status: 0, output: expect.stringMatching(/^restored .* the read models are rebuilt/) });
      await app.boot();
      const log = await app.events();
      expect(log).toHaveLength(rows.n);
      expect(verifyChain(log).ok).toBe(true);
      const titles = ok(await app.get(`/api/plans?limit=200&minPosition=${log.at(-1)!.position}`)).map((p: { title: string }) => p.title);
      expect(titles).toContain('Antes de la copia');
      expect(titles).not.toContain('Después de la copia');
      ok(await app.get(`/api/plans/${plan.id}`));
    } finally {
      await app.stop();
    }
  });

  it('refuses to restore a backup whose chain does not verify, and leaves the folder as it was', async () => {
    const app = await TestApp.start();
    try {
      await new Scenario(app).plan({ title: 'Original' });
      const file = join(folder, 'tampered.db');
      expect(run('backup', app.dataDir, file).status).toBe(0);
      const db = new Database(file);
      db.prepare("UPDATE events SET data = replace(data, 'Original', 'Falsificado') WHERE position = 1").run();
      db.close();
      await app.app.close();
      const refused = run('restore', app.dataDir, file);
      expect(refused).toMatchObject({
        status: 1,
        output: expect.stringMatching(/refusing to restore .*: NOT INTACT: first bad position 1/),
      });
      await app.boot();
      expect(ok(await app.get('/api/plans')).map((p: { title: string }) => p.title)).toEqual(['Original']);
    } finally {
      await app.stop();
    }
  });
});
