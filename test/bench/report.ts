import Database from 'better-sqlite3';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';

export const BENCHMARKS_FILE = resolve(__dirname, '../../BENCHMARKS.md');

/**
 * Writes one `## …` section of BENCHMARKS.md: replaces the section with that heading, or appends it.
 * Each benchmark owns its section and leaves the others as they are.
 */
export const writeBenchmarkSection = (heading: string, section: string, file = BENCHMARKS_FILE): void => {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(heading);
  if (start === -1) {
    writeFileSync(file, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + heading.length);
  const rest = next === -1 ? '' : `\n${current.slice(next + 1)}`;
  writeFileSync(file, `${current.slice(0, start)}${section.trimEnd()}\n${rest}`);
};

/** Prints a benchmark's section and writes it to BENCHMARKS.md, unless BENCH_NO_WRITE=1 or `write` is false. */
export const publishSection = (heading: string, lines: string[], write = true): void => {
  const section = lines.join('\n');
  console.log(section);
  if (write && process.env.BENCH_NO_WRITE !== '1') writeBenchmarkSection(heading, section);
};

/** Runs a benchmark: a failure is printed and exits with 1. */
export const runBenchmark = (main: () => Promise<void>): void => {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
};

/** A shell command's output, or `unknown` when it fails (a description of the machine, never a measurement). */
export const shell = (command: string): string => {
  try {
    return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};

/** The lines every benchmark's description of the machine starts with: the CPU (and what shares it) and the memory. */
export const machineLines = (sharedBy?: string): string[] => {
  const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model;
  return [
    `- CPU: ${cpuModel}, ${cpus().length} cores${sharedBy ? `, shared by ${sharedBy}` : ''}`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  ];
};

export const sqliteVersion = (): string | undefined => {
  const db = new Database(':memory:');
  try {
    return db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v;
  } finally {
    db.close();
  }
};

/** The device and file system a folder is on, as `df -T` names them: [device, type]. */
export const diskOf = (folder: string): [string, string] => {
  const [device, type] = shell(`df -T ${JSON.stringify(folder)} | tail -1`).split(/\s+/);
  return [device, type ?? 'unknown'];
};

/** The line saying on which disk the files were, and whether it is the repository's. */
export const diskLine = (folder: string): string => {
  const [device, type] = diskOf(folder);
  const same = statSync(folder).dev === statSync(resolve(__dirname, '../..')).dev;
  return `- Disk: ${device} (${type}), files in ${folder}${same ? ', the same device as the repository' : ''}`;
};

/** The machine may be shared (other test runs, other benchmarks): its load average says how much. */
export const loadLine = (atStart: number, atEnd = loadavg()[0]): string =>
  `- Load average (1 min) ${atStart.toFixed(1)} at the start and ${atEnd.toFixed(1)} at the end, on ${cpus().length} cores`;
