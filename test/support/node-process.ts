import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_SECRET } from './app-harness';
import { UNREACHED_LIMITS_ENV } from './unreached-limits';

export const ROOT = resolve(__dirname, '../..');
export const MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

/**
 * The keys every node of one deployment shares (as `npm run keys` makes them), in a folder of their own: nodes on
 * one log must sign with one audit key and name voters with one ballot key, or they refuse to start.
 */
export const sharedKeys = (): { AUDIT_PRIVATE_KEY_FILE: string; BALLOT_KEY_FILE: string } => {
  const folder = mkdtempSync(join(tmpdir(), 'cocrea-keys-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/keys.ts'), folder], { stdio: 'pipe' });
  return { AUDIT_PRIVATE_KEY_FILE: join(folder, 'audit-key.pem'), BALLOT_KEY_FILE: join(folder, 'ballot-key') };
};

const BUILD_LOCK = join(ROOT, '.test-build.lock');

/**
 * Builds the app as `npm start` does, once per test run: the build empties dist first, so a second build while
 * another test file's server runs from dist would pull files from under it. The first file to ask builds (holding a
 * lock folder); the others wait for the mark it leaves for this run (COCREA_TEST_RUN, set by the global setup).
 */
export const buildApp = (): void => {
  const run = process.env.COCREA_TEST_RUN ?? `solo-${process.pid}`;
  const mark = join(ROOT, 'dist', `.built-for-${run}`);
  const deadline = Date.now() + 120_000;
  while (!existsSync(mark)) {
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      // A lock older than any build is one a killed run left behind.
      if (Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000)
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited 120 s for another test file's build (remove ${BUILD_LOCK} if none runs)`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      if (existsSync(mark)) break;
      execFileSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
      if (!existsSync(MAIN) || statSync(MAIN).size === 0) throw new Error(`the build did not produce ${MAIN}`);
      writeFileSync(mark, '');
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
};

/**
 * A port for a node to listen on, below the range the kernel hands out to outgoing connections
 * (net.ipv4.ip_local_port_range, 32768-60999 here): a Kafka or PostgreSQL client of another test can
 * never take it, also while its node is down between a kill and a restart on the same port.
 * In-process test apps listen on port 0, which the kernel picks from that range, so they never collide
 * either; ports something already listens on (from /proc/net/tcp*) are skipped, with their next two.
 */
export const freePort = (): number => {
  const low = 20_000;
  const high = Math.min(32_768, Number(procText('sys/net/ipv4/ip_local_port_range').trim().split(/\s+/)[0]) || 32_768) - 3;
  const listening = new Set<number>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    for (const line of procText(table).split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A') listening.add(parseInt(local.split(':').at(-1)!, 16)); // 0A: LISTEN
    }
  }
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (![port, port + 1, port + 2].some((p) => listening.has(p))) return port; // callers add up to 2
  }
};

const procText = (path: string): string => {
  try {
    return readFileSync(`/proc/${path}`, 'utf8');
  } catch {
    return ''; // not Linux: nothing known to avoid
  }
};

/** One API node in its own process, on 127.0.0.1, with its own data folder. */
export class ApiNode {
  process?: ChildProcess;
  readonly url: string;
  readonly dataDir: string;
  private output = '';

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    dataDir?: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), `cocrea-node-${name}-`));
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        AUTH_JWT_SECRET: TEST_SECRET,
        ...UNREACHED_LIMITS_ENV,
        // No checkpoint of its own in the middle of a test's counts, unless the test asks for one.
        AUDIT_CHECKPOINT_EVERY_EVENTS: '1000000000',
        AUDIT_CHECKPOINT_EVERY_MINUTES: '1000000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (this.output = (this.output + chunk).slice(-20_000)));
    child.stderr?.on('data', (chunk) => (this.output = (this.output + chunk).slice(-20_000)));
    this.process = child;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.ended) throw new Error(`node ${this.name} exited with ${child.exitCode ?? child.signalCode}:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`node ${this.name} did not start:\n${this.output}`);
  }

  /** Whether the process has ended, by itself or by a signal (then exitCode stays null). */
  private get ended(): boolean {
    return !this.process || this.process.exitCode !== null || this.process.signalCode !== null;
  }

  get log(): string {
    return this.output;
  }

  /** Ends the process the hard way: no shutdown hook runs, as in a crash or a power cut of that node. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || this.ended) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || this.ended) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    if (!this.ended) await this.kill();
  }

  async request(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  removeData(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
