import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_SECRET } from './app-harness';

export const ROOT = resolve(__dirname, '../..');
export const MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

/** Builds the app as `npm start` does (once per test file that needs the built server). */
export const buildApp = (): void => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
  if (!existsSync(MAIN) || statSync(MAIN).size === 0) throw new Error(`the build did not produce ${MAIN}`);
};

export const freePort = (): number => 30_000 + Math.floor(Math.random() * 20_000);

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
      env: { ...process.env, PORT: String(this.port), DATA_DIR: this.dataDir, AUTH_JWT_SECRET: TEST_SECRET, ...this.env },
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
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
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
