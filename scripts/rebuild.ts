/**
 * Rebuilds every read model from the event log.
 *
 *   npm run rebuild                 rebuilds into a fresh file, then swaps it in; refused while a server
 *                                   holds DATA_DIR (stop it first)
 *   npm run rebuild -- --verify     rebuilds into a fresh file and compares it with the live read models,
 *                                   replacing nothing (the server may be running); exit 0 when identical
 *
 * The new read models are built in a fresh file and only then replace the old one, so an interrupted
 * rebuild leaves the previous read models untouched.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { EventStore } from '../libs/event-store/src';
import { openEventStore } from '../libs/platform/src/event-store.factory';
import { EVENTS_FILE, READ_MODELS_FILE } from '../libs/platform/src/platform.module';
import { dataFile, loadConfig } from '../libs/platform/src/config';
import { assertDataDirFree, holdDataDir, releaseDataDir } from '../libs/platform/src/data-dir-lock';
import type { Projection } from '../libs/platform/src/projections/projection';
import { ProjectionRunner } from '../libs/platform/src/projections/projection-runner';
import {
  DOCUMENTS_IN_ORDER,
  FEED_POSITIONS_IN_ORDER,
  READ_MODELS_LAYOUT,
} from '../libs/platform/src/projections/read-models/read-model-file';
import { RebuildReadModels } from '../libs/platform/src/projections/read-models/rebuild-read-models';
import { allProjections } from '../apps/api/src/projections';

/** Differences printed per read model; the rest are counted. */
const SHOWN_PER_READ_MODEL = 20;

const removeDatabase = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

/** Applies the log to fresh read models in `file`; each projection up to its own position when `upTo` names one. */
const rebuildInto = async (eventsFile: string, file: string, upTo?: Map<string, number>) => {
  removeDatabase(file);
  const store = await openLog();
  const readModels = new RebuildReadModels(file);
  const runner = new ProjectionRunner(store, readModels);
  const until = (projection: Projection): Projection => {
    const last = upTo?.get(projection.name) ?? 0;
    return {
      ...projection,
      apply: (event, models) => {
        if (event.position <= last) projection.apply(event, models);
      },
    };
  };
  allProjections.forEach((projection) => runner.register(upTo ? until(projection) : projection));
  const started = process.hrtime.bigint();
  const head = await store.headPosition();
  const count = await runner.rebuild(undefined, upTo ? Math.max(0, ...upTo.values()) : undefined);
  await readModels.finish();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return { count, seconds, head };
};

const rate = (count: number, seconds: number) => `${Math.round(count / Math.max(seconds, 1e-9))} events/s`;

const rebuildAndSwap = async (eventsFile: string, target: string) => {
  const scratch = `${target}.rebuild`;
  const { count, seconds } = await rebuildInto(eventsFile, scratch);
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  renameSync(scratch, target);
  process.stdout.write(
    `rebuilt ${allProjections.length} read models from ${count} events in ${seconds.toFixed(2)} s (${rate(count, seconds)}) into ${target}\n`,
  );
};

/** One row of a read model: a document of a collection, or a position filed under a feed (no body). */
interface Row {
  kind: 0 | 1;
  name: string;
  id: string;
  position: number;
  body: string;
}

/** Both sides are read in the same order: documents by collection and id, then feed entries by feed and position. */
function* rowsOf(db: Database.Database): Generator<Row> {
  const documents = db.prepare<[], { collection: string; id: string; body: string }>(DOCUMENTS_IN_ORDER);
  for (const row of documents.iterate()) yield { kind: 0, name: row.collection, id: row.id, position: 0, body: row.body };
  const feeds = db.prepare<[], { name: string; position: number }>(FEED_POSITIONS_IN_ORDER);
  for (const row of feeds.iterate()) yield { kind: 1, name: row.name, id: String(row.position), position: row.position, body: '' };
}

/** SQLite orders text by its UTF-8 bytes, that is by code point; JavaScript's `<` compares UTF-16 units. */
const compareText = (a: string, b: string): number => {
  if (a === b) return 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
};

const compareRows = (a: Row, b: Row): number =>
  a.kind - b.kind || compareText(a.name, b.name) || (a.kind === 1 ? a.position - b.position : compareText(a.id, b.id));

/** The read model a row belongs to: a collection, or a kind of feed (`feed proposal:*`), of which there is one per room. */
const readModelOf = (row: Row) =>
  row.kind === 0 ? row.name : `feed ${row.name.includes(':') ? `${row.name.slice(0, row.name.indexOf(':'))}:*` : row.name}`;

const short = (value: unknown) => {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};

/** The paths at which two JSON values differ, `path: live → rebuilt`. */
const jsonDiff = (live: unknown, rebuilt: unknown, path = ''): string[] => {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (isObject(live) && isObject(rebuilt) && Array.isArray(live) === Array.isArray(rebuilt)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])];
    return keys.flatMap((key) => jsonDiff(live[key], rebuilt[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(live) === JSON.stringify(rebuilt) ? [] : [`${path || '(document)'}: ${short(live)} → ${short(rebuilt)}`];
};

interface Summary {
  live: { rows: number; digest: ReturnType<typeof createHash> };
  rebuilt: { rows: number; digest: ReturnType<typeof createHash> };
  differences: string[];
  differing: number;
}

/** Walks both sides in order, side by side: digests every read model and lists the rows that differ. */
const compare = (live: Iterator<Row>, rebuilt: Iterator<Row>): Map<string, Summary> => {
  const summaries = new Map<string, Summary>();
  const summaryOf = (row: Row) => {
    const name = readModelOf(row);
    let summary = summaries.get(name);
    if (!summary) {
      summary = {
        live: { rows: 0, digest: createHash('sha256') },
        rebuilt: { rows: 0, digest: createHash('sha256') },
        differences: [],
        differing: 0,
      };
      summaries.set(name, summary);
    }
    return summary;
  };
  const count = (side: Summary['live'], row: Row) => {
    side.rows++;
    side.digest.update(`${row.name}\u0000${row.id}\u0000${row.body}\n`);
  };
  const differ = (row: Row, text: string) => {
    const summary = summaryOf(row);
    if (summary.differing++ < SHOWN_PER_READ_MODEL) summary.differences.push(`${row.kind === 1 ? `${row.name} @ ` : ''}${row.id}: ${text}`);
  };
  let a = live.next();
  let b = rebuilt.next();
  while (!a.done || !b.done) {
    const order = a.done ? 1 : b.done ? -1 : compareRows(a.value, b.value);
    if (order < 0) {
      count(summaryOf(a.value).live, a.value);
      differ(a.value, 'extra: in the live read models, not in the rebuild');
      a = live.next();
    } else if (order > 0) {
      count(summaryOf(b.value).rebuilt, b.value);
      differ(b.value, 'missing: in the rebuild, not in the live read models');
      b = rebuilt.next();
    } else {
      const summary = summaryOf(a.value);
      count(summary.live, a.value);
      count(summary.rebuilt, b.value);
      if (a.value.body !== b.value.body) {
        const changes = jsonDiff(JSON.parse(a.value.body), JSON.parse(b.value.body));
        // The same JSON written with its keys in another order is the same document.
        if (changes.length > 0)
          differ(
            a.value,
            `different (live → rebuilt): ${changes.slice(0, 5).join('; ')}${changes.length > 5 ? `; and ${changes.length - 5} more` : ''}`,
          );
      }
      a = live.next();
      b = rebuilt.next();
    }
  }
  return summaries;
};

const verify = async (eventsFile: string, target: string): Promise<boolean> => {
  if (!existsSync(target)) throw new Error(`no read models at ${target}`);
  // Read-only, and in one read transaction: a running server goes on writing, this sees one moment of it.
  const live = new Database(target, { readonly: true, fileMustExist: true });
  const scratch = `${target}.verify`;
  try {
    const layout = live.pragma('user_version', { simple: true });
    if (layout !== READ_MODELS_LAYOUT) {
      throw new Error(
        `the read models at ${target} have the layout of version ${String(layout)}, this is version ${READ_MODELS_LAYOUT}: the server empties and rebuilds them when it starts`,
      );
    }
    live.exec('BEGIN');
    const checkpoints = new Map(
      live
        .prepare<[], { projection: string; position: number }>('SELECT projection, position FROM checkpoints')
        .all()
        .map((row) => [row.projection, row.position]),
    );
    const positions = allProjections.map((p) => `${p.name} ${checkpoints.get(p.name) ?? 0}`).join(', ');
    const { count, seconds, head } = await rebuildInto(eventsFile, scratch, checkpoints);
    process.stdout.write(`live read models ${target} are at: ${positions}; the log ends at ${head}\n`);
    process.stdout.write(`rebuilt the same positions from ${count} events in ${seconds.toFixed(2)} s (${rate(count, seconds)})\n\n`);
    const beyond = [...checkpoints].filter(([, position]) => position > head);

    const rebuilt = new Database(scratch, { readonly: true });
    const summaries = compare(rowsOf(live), rowsOf(rebuilt));
    rebuilt.close();

    const rows = [...summaries].map(([name, s]) => {
      const liveDigest = s.live.digest.digest('hex').slice(0, 16);
      const rebuiltDigest = s.rebuilt.digest.digest('hex').slice(0, 16);
      const status = s.differing > 0 ? `${s.differing} different` : liveDigest === rebuiltDigest ? 'identical' : 'same documents';
      return [name, String(s.live.rows), liveDigest, String(s.rebuilt.rows), rebuiltDigest, status];
    });
    const header = ['read model', 'live rows', 'live digest', 'rebuilt rows', 'rebuilt digest', ''];
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
    for (const row of [header, ...rows])
      process.stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd()}\n`,
      );

    const differing = [...summaries].filter(([, s]) => s.differing > 0);
    for (const [projection, position] of beyond) {
      process.stdout.write(`\n${projection}: the live read model is at position ${position}, beyond the end of the log (${head})\n`);
    }
    if (differing.length === 0 && beyond.length === 0) {
      process.stdout.write('\nidentical: the read models are what the log makes of them\n');
      return true;
    }
    for (const [name, s] of differing) {
      process.stdout.write(`\n${name}: ${s.differing === 1 ? '1 row differs' : `${s.differing} rows differ`}\n`);
      for (const line of s.differences) process.stdout.write(`  ${line}\n`);
      if (s.differing > s.differences.length) process.stdout.write(`  ... and ${s.differing - s.differences.length} more\n`);
    }
    return false;
  } finally {
    if (live.inTransaction) live.exec('COMMIT');
    live.close();
    removeDatabase(scratch);
  }
};

/** The log as the server is configured to keep it (EVENT_STORE): SQLite in DATA_DIR, PostgreSQL or EventStoreDB. */
let openLog: () => Promise<EventStore>;

const main = async () => {
  const config = loadConfig();
  const eventsFile = dataFile(config, EVENTS_FILE);
  if (config.eventStore.kind === 'sqlite' && !existsSync(eventsFile)) throw new Error(`no event log at ${eventsFile} (set DATA_DIR)`);
  openLog = () => openEventStore(config);
  const target = dataFile(config, READ_MODELS_FILE);
  if (!process.argv.includes('--verify')) {
    // Swapping the file under a running server would leave it serving (and writing) the one deleted; hold the
    // folder meanwhile, so that no server starts on it halfway either.
    assertDataDirFree(config.dataDir, 'run npm run rebuild -- --verify, which replaces nothing');
    holdDataDir(config.dataDir);
    try {
      return await rebuildAndSwap(eventsFile, target);
    } finally {
      releaseDataDir(config.dataDir);
    }
  }
  if (!(await verify(eventsFile, target))) process.exitCode = 1;
};

main().catch((error) => {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
