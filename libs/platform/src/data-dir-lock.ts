import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Held by the server that serves a data folder, for as long as it runs. */
export const LOCK_FILE = 'server.lock';

interface Holder {
  pid: number;
  host: string;
  since: string;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The server holding the data folder, if one does: a lock file naming a process of this machine that still runs.
 * A file left by a server that was killed names a process that is gone, and holds nothing.
 */
export const holderOf = (dataDir: string): Holder | undefined => {
  let holder: Holder;
  try {
    holder = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as Holder;
  } catch {
    return undefined;
  }
  if (holder.host !== hostname() || !Number.isInteger(holder.pid)) return holder; // another machine's: assume it holds
  return alive(holder.pid) ? holder : undefined;
};

const describeHolder = (holder: Holder) => `process ${holder.pid} on ${holder.host}, since ${holder.since}`;

/**
 * Takes the data folder for this server: refused while another server holds it (two servers writing one set of
 * read models would corrupt each other, and `npm run rebuild` must not swap files under a running one).
 * A pid file rather than an advisory lock: Node has no portable flock, and a pid file survives a SIGKILL only as
 * a stale record, which the next start recognises and replaces at once.
 */
export const holdDataDir = (dataDir: string): void => {
  const file = join(dataDir, LOCK_FILE);
  const mine: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 1; ; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
    }
    const holder = holderOf(dataDir);
    if (holder) throw new Error(`DATA_DIR ${dataDir} is in use by another Cocrea server (${describeHolder(holder)}): stop it first`);
    rmSync(file, { force: true }); // left by a server that was killed
  }
};

/** Gives the data folder back, if this process holds it. */
export const releaseDataDir = (dataDir: string): void => {
  if (holderOf(dataDir)?.pid === process.pid) rmSync(join(dataDir, LOCK_FILE), { force: true });
};

/** Refuses when a server holds the data folder, saying which and what to do instead. */
export const assertDataDirFree = (dataDir: string, instead: string): void => {
  const holder = holderOf(dataDir);
  if (holder) throw new Error(`a Cocrea server holds DATA_DIR ${dataDir} (${describeHolder(holder)}): stop it first, or ${instead}`);
};
