/**
 * Backs up the log while the server runs, and brings a backup back:
 *   npm run backup -- <file>     a consistent copy of DATA_DIR/events.db (SQLite's online backup), verified
 *   npm run restore -- <file>    verifies the backup's chain, then makes it DATA_DIR's log (the server stopped);
 *                                the read models are rebuilt from it when the server starts
 * Keep with every backup the keys it needs: DATA_DIR/audit-key.pem (or AUDIT_PRIVATE_KEY_FILE), which signed its
 * checkpoints; DATA_DIR/ballot-key (or BALLOT_KEY_FILE), without which voters cannot find their ballots again; and
 * DATA_DIR/auth-secret when the server made it. On PostgreSQL or EventStoreDB, back up the database with its tools.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { GENESIS, verifyLog } from '../libs/audit/src/chain-verification';
import { readLogPages } from '../libs/audit/src/log-export';
import { SqliteEventStore } from '../libs/event-store/src/sqlite/sqlite-event-store';
import { dataFile, loadConfig } from '../libs/platform/src/config';
import { assertDataDirFree, holdDataDir, releaseDataDir } from '../libs/platform/src/data-dir-lock';
import { EVENTS_FILE, READ_MODELS_FILE, RELAY_CHECKPOINT_FILE } from '../libs/platform/src/platform.module';

class UsageError extends Error {}

/** Recomputes the chain of a log file from the genesis: what a restore must never skip. */
const verifyFile = async (file: string) => {
  const store = new SqliteEventStore({ filename: file });
  try {
    const head = await store.headPosition();
    const result = await verifyLog(readLogPages(store, { upTo: head }), { from: GENESIS });
    return { ...result, head };
  } finally {
    await store.close();
  }
};

const describe = (result: Awaited<ReturnType<typeof verifyFile>>) =>
  result.ok
    ? `${result.checked} events, chain intact up to position ${result.last.position} (hash ${result.last.hash})`
    : `NOT INTACT: first bad position ${result.firstBadPosition}: ${result.reason}`;

const removeDatabase = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

const backup = async (target: string) => {
  const config = loadConfig();
  if (config.eventStore.kind !== 'sqlite') {
    throw new UsageError(
      `the log is in ${config.eventStore.kind}: back it up with its own tools (pg_dump of the schema, or EventStoreDB's backup)`,
    );
  }
  const source = dataFile(config, EVENTS_FILE);
  if (!existsSync(source)) throw new UsageError(`no event log at ${source} (set DATA_DIR)`);
  if (existsSync(target)) throw new UsageError(`${target} exists: a backup never overwrites a file`);
  const scratch = `${target}.partial`;
  removeDatabase(scratch);
  // SQLite's online backup: a consistent snapshot, page by page, while the server goes on writing.
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(scratch);
  } finally {
    db.close();
  }
  const result = await verifyFile(scratch);
  if (!result.ok) {
    removeDatabase(scratch);
    throw new Error(`the copy does not verify (${describe(result)}): the log itself may be damaged, run npm run audit`);
  }
  renameSync(scratch, target);
  process.stdout.write(
    `backed up ${source} to ${target} (${statSync(target).size} bytes): ${describe(result)}\n` +
      `keep with it: the audit key (${config.auditPrivateKeyFile ?? dataFile(config, 'audit-key.pem')}), ` +
      `the ballot key (${config.ballotKeyFile ?? dataFile(config, 'ballot-key')})` +
      `${config.identity.kind === 'secret' && !config.identity.secret ? `, and ${dataFile(config, 'auth-secret')}` : ''}\n`,
  );
};

const restore = async (backupFile: string) => {
  const config = loadConfig();
  if (config.eventStore.kind !== 'sqlite') throw new UsageError(`the log is in ${config.eventStore.kind}: restore it with its own tools`);
  if (!statSync(backupFile, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`no backup at ${backupFile}`);
  assertDataDirFree(config.dataDir, 'stop it before restoring its log');
  holdDataDir(config.dataDir);
  try {
    const result = await verifyFile(backupFile);
    if (!result.ok) throw new Error(`refusing to restore ${backupFile}: ${describe(result)}`);
    const target = dataFile(config, EVENTS_FILE);
    const scratch = `${target}.restoring`;
    removeDatabase(scratch);
    const db = new Database(backupFile, { readonly: true, fileMustExist: true });
    try {
      await db.backup(scratch);
    } finally {
      db.close();
    }
    removeDatabase(target);
    renameSync(scratch, target);
    // What was built from the log before it: the server rebuilds the read models, and a relay starts over.
    removeDatabase(dataFile(config, READ_MODELS_FILE));
    rmSync(dataFile(config, RELAY_CHECKPOINT_FILE), { force: true });
    process.stdout.write(
      `restored ${backupFile} into ${target}: ${describe(result)}; the read models are rebuilt when the server starts\n`,
    );
  } finally {
    releaseDataDir(config.dataDir);
  }
};

const [command, file, ...rest] = process.argv.slice(2);
const run = async () => {
  if (!['backup', 'restore'].includes(command ?? '') || file === undefined || rest.length > 0) {
    throw new UsageError('usage: npm run backup -- <file>  |  npm run restore -- <file>');
  }
  return command === 'backup' ? backup(resolve(file)) : restore(resolve(file));
};

run().catch((error: unknown) => {
  process.stderr.write(`${command ?? 'backup'} failed: ${(error as Error).message}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
