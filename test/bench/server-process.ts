/**
 * What the live benchmarks (`bench:live`, `bench:meeting`) share: the built app started as its own process on
 * 127.0.0.1 with a fresh data folder, and the CPU and memory of the server, the sockets' process and this one,
 * read from /proc while a case runs.
 */
import { ChildProcess, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UNREACHED_LIMITS_ENV } from '../support/unreached-limits';
import { now, sleep } from './voting';

export const ROOT = resolve(__dirname, '../..');
const DIST_APP = join(ROOT, 'dist/apps/api/apps/api/src/app.js');
const DIST_PLATFORM = join(ROOT, 'dist/apps/api/libs/platform/src/index.js');
const DIST_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const SAMPLE_EVERY_MS = 200;

/** The value at percentile `p` of sorted values (nearest rank); NaN for none. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

const CLOCK_TICKS = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat. */
export const cpuSeconds = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime and stime are fields 14 and 15
};

const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Jiffies of the whole machine from /proc/stat: busy (user, nice, system, irq, softirq), stolen by the host, in all. */
const machineTicks = (): { busy: number; steal: number; total: number } => {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
};

interface ProcessSample {
  at: number;
  server: number;
  watchers: number;
  voters: number;
  serverRss: number;
  machine: { busy: number; steal: number; total: number };
}

export interface Usage {
  /** % of one core over the window. */
  serverCpu: number;
  /** Highest % of one core over any 1 s of the window. */
  serverCpuPeak: number;
  serverRssPeak: number;
  watchersCpu: number;
  votersCpu: number;
  /** % of all cores the machine was busy, and what of it our three processes do not explain (kernel threads, others). */
  machineBusy: number;
  otherCpu: number;
  /** % of all cores the hypervisor took. */
  steal: number;
}

/** Samples the three processes every SAMPLE_EVERY_MS while a case runs. */
export class ResourceMonitor {
  private samples: ProcessSample[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly serverPid: number,
    private readonly watchersPid: number,
  ) {}

  private sample(): void {
    this.samples.push({
      at: now(),
      server: cpuSeconds(this.serverPid),
      watchers: cpuSeconds(this.watchersPid),
      voters: cpuSeconds(process.pid),
      serverRss: rssMiB(this.serverPid),
      machine: machineTicks(),
    });
  }

  start(): void {
    this.samples = [];
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  stop(): Usage {
    clearInterval(this.timer);
    this.sample();
    const [first, final] = [this.samples[0], this.samples[this.samples.length - 1]];
    const seconds = (final.at - first.at) / 1000;
    const share = (key: 'server' | 'watchers' | 'voters') => (100 * (final[key] - first[key])) / seconds;
    const machineShare = (key: 'busy' | 'steal') =>
      (100 * (final.machine[key] - first.machine[key])) / (final.machine.total - first.machine.total);
    let serverCpuPeak = 0;
    for (let i = 0, j = 0; i < this.samples.length; i++) {
      while (j < i && this.samples[i].at - this.samples[j].at > 1000) j++;
      const span = (this.samples[i].at - this.samples[j].at) / 1000;
      if (span >= 0.9) serverCpuPeak = Math.max(serverCpuPeak, (100 * (this.samples[i].server - this.samples[j].server)) / span);
    }
    return {
      serverCpu: share('server'),
      serverCpuPeak: Math.max(serverCpuPeak, share('server')),
      serverRssPeak: Math.max(...this.samples.map((s) => s.serverRss)),
      watchersCpu: share('watchers'),
      votersCpu: share('voters'),
      machineBusy: machineShare('busy'),
      otherCpu: machineShare('busy') * cpus().length - share('server') - share('watchers') - share('voters'),
      steal: machineShare('steal'),
    };
  }
}

const newestSource = (dir: string): number => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

export const buildIfNeeded = (): void => {
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  if (existsSync(DIST_MAIN) && statSync(DIST_MAIN).mtimeMs >= sources) return;
  console.error(existsSync(DIST_MAIN) ? 'sources changed since the last build: npx nest build' : 'no build yet: npx nest build');
  execSync('npx nest build', { cwd: ROOT, stdio: 'inherit' });
};

const freePort = () =>
  new Promise<number>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });

export interface Server {
  process: ChildProcess;
  url: string;
  secret: string;
  /** Lines the server logged about disconnecting slow sockets. */
  slowSockets: () => number;
  stop: () => Promise<void>;
}

/**
 * The built app as its own process. main.js listens on every interface; this boots the same `createApp` with
 * the same configuration but listens on 127.0.0.1 only.
 */
export const startServer = async (options: { name: string; env?: NodeJS.ProcessEnv }): Promise<Server> => {
  const dataDir = mkdtempSync(join(tmpdir(), `cocrea-bench-${options.name}-`));
  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const boot = `
    const { loadConfig } = require(${JSON.stringify(DIST_PLATFORM)});
    const { createApp } = require(${JSON.stringify(DIST_APP)});
    (async () => {
      const config = loadConfig();
      const app = await createApp(config);
      await app.listen(config.port, '127.0.0.1');
    })().catch((error) => { console.error(error); process.exit(1); });`;
  // The load comes from one address and a few users: the limits meant for one person would refuse it.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: secret,
    ...UNREACHED_LIMITS_ENV,
    ...options.env,
  };
  const child = spawn(process.execPath, ['-e', boot], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let slow = 0;
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.includes('disconnecting')) slow++;
      if (line.trim()) log.push(line);
      if (log.length > 50) log.shift();
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited while starting:\n${log.join('\n')}`);
    }
    const health = await fetch(`${url}/health`).catch(() => undefined);
    if (health?.status === 200) break;
    if (now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /health within 60 s:\n${log.join('\n')}`);
    }
    await sleep(100);
  }
  return { process: child, url, secret, slowSockets: () => slow, stop };
};
