import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp } from '../support/app-harness';
import { MAIN, buildApp } from '../support/node-process';

/** A start that cannot succeed says why in one line and exits 1, as `npm start` shows it. */
describe('starts that cannot succeed', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cocrea-refusals-'));
  beforeAll(() => buildApp());
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const start = (env: Record<string, string>) => {
    const { AUTH_JWT_SECRET: _, AUTH_ISSUER: __, NODE_ENV: ___, ...inherited } = process.env;
    const run = spawnSync(process.execPath, [MAIN], {
      env: { ...inherited, PORT: '0', DATA_DIR: join(scratch, 'data'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: run.status, stderr: run.stderr.trim(), stdout: run.stdout.trim() };
  };

  it('names the data folder and the cause when DATA_DIR cannot be used', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const run = start({ DATA_DIR: join(file, 'data') });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `cocrea: cannot start: DATA_DIR ${join(file, 'data')} cannot be used: ENOTDIR: not a directory, mkdir '${join(file, 'data')}'`,
    );
  });

  it('does not start in production without identity configuration', () => {
    const run = start({ NODE_ENV: 'production' });
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^cocrea: cannot start: NODE_ENV=production needs an explicit identity: AUTH_ISSUER .* or AUTH_JWT_SECRET/);
  });

  it('refuses a short secret, saying how to make one', () => {
    const run = start({ AUTH_JWT_SECRET: 'a' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^cocrea: cannot start: AUTH_JWT_SECRET must be at least 32 bytes \(got 1\); make one with: openssl rand/);
  });

  it('mints, from the build (as in the container), tokens that a server on the same secret file accepts', async () => {
    const secretFile = join(scratch, 'auth-secret');
    writeFileSync(secretFile, `${'k'.repeat(48)}\n`, { mode: 0o600 });
    const minted = spawnSync(process.execPath, [join(MAIN, '../token.js'), '--sub', 'aud-9', '--roles', 'auditor'], {
      env: { ...process.env, AUTH_JWT_SECRET: '', AUTH_JWT_SECRET_FILE: secretFile, DATA_DIR: join(scratch, 'data') },
      encoding: 'utf8',
    });
    expect({ status: minted.status, stderr: minted.stderr }).toEqual({ status: 0, stderr: '' });
    const app = await TestApp.start({ config: { identity: { kind: 'secret', secret: 'k'.repeat(48) } } });
    try {
      expect((await app.get('/api/audit/events', minted.stdout.trim())).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
