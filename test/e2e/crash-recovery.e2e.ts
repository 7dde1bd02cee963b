import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_SECRET, tokenFor } from '../support/app-harness';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const moderator = tokenFor('mod-1', ['moderator']);

/** The built server in its own process, as `npm start` runs it. */
const startServer = async (dataDir: string, port: number): Promise<ChildProcess> => {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_SECRET },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
};

const createPlan = (port: number, n: number) =>
  fetch(`http://127.0.0.1:${port}/api/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${moderator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `Plan ${n}`, country: 'CO', periodStart: '2020-01-01', periodEnd: '2021-01-01', themes: ['t'] }),
  }).then(async (r) => (r.status === 201 ? ((await r.json()) as { id: string; position: number }) : undefined));

describe('a crash of the server process (SIGKILL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cocrea-crash-'));
  const port = 39_000 + Math.floor(Math.random() * 1000);
  let server: ChildProcess | undefined;

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  });
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged command', async () => {
    server = await startServer(dataDir, port);
    const acknowledged: Array<{ id: string; position: number }> = [];
    let n = 0;
    // Eight clients keep creating plans; the process is killed while they are at it.
    const clients = Array.from({ length: 8 }, async () => {
      for (;;) {
        const created = await createPlan(port, n++).catch(() => undefined);
        if (!created) return;
        acknowledged.push(created);
      }
    });
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
    server.kill('SIGKILL');
    await Promise.all(clients);

    server = await startServer(dataDir, port);
    const last = Math.max(...acknowledged.map((a) => a.position));
    for (const { id } of acknowledged) {
      const response = await fetch(`http://127.0.0.1:${port}/api/plans/${id}?minPosition=${last}`, {
        headers: { authorization: `Bearer ${moderator}` },
      });
      expect({ id, status: response.status }).toEqual({ id, status: 200 });
    }
    server.kill('SIGTERM');
  });
});
