/**
 * Event store throughput: durable single-event appends per second through `SqliteEventStore.appendToStream`,
 * against the raw ceiling of plain better-sqlite3 INSERTs into the same schema.
 *
 *   npx tsx test/bench/store.bench.ts            (npm run bench:store)
 *
 * BENCH_APPENDS (default 40000) sets the measured count per case, BENCH_RUNS (default 3) how often each case
 * runs (the median counts: a shared virtual disk's fsync time varies), BENCH_DIR the folder for the temporary
 * files (default the OS temp folder; it must be on the disk you want to measure). Writes the figures to
 * the `## Event store` section of BENCHMARKS.md unless BENCH_NO_WRITE=1.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { uuidv7 } from '../../libs/event-store/src/ids';
import { contribution } from './contribution';
import { diskLine, machineLines, sqliteVersion, publishSection, runBenchmark } from './report';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 40_000);
const WARM_UP = Math.min(2_000, APPENDS);
/** Each case runs this many times on a fresh file; the table shows the median run and the spread. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BENCH_DIR = process.env.BENCH_DIR ?? tmpdir();
const SECTION = '## Event store (npm run bench:store)';

type Synchronous = 'FULL' | 'NORMAL';

interface Measurement {
  case: string;
  synchronous: Synchronous;
  appends: number;
  seconds: number;
  perSecond: number;
  /** Slowest and fastest run, appends per second. */
  spread?: [number, number];
}

const median = async (measure: () => Measurement | Promise<Measurement>): Promise<Measurement> => {
  const runs: Measurement[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await measure());
  runs.sort((a, b) => a.perSecond - b.perSecond);
  return { ...runs[Math.floor(runs.length / 2)], spread: [runs[0].perSecond, runs[runs.length - 1].perSecond] };
};

const scratchFile = (label: string): { file: string; cleanUp: () => void } => {
  const dir = mkdtempSync(join(BENCH_DIR, `cocrea-bench-${label}-`));
  return { file: join(dir, 'events.sqlite'), cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Each writer appends to its own stream, one event at a time, with its own count as expected revision. */
const runWriters = async (store: SqliteEventStore, writers: number, total: number, prefix: string) => {
  const perWriter = Math.ceil(total / writers);
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const streamId = `${prefix}-${writer}`;
      let revision = (await store.streamRevision(streamId)).revision;
      for (let i = 0; i < perWriter; i++) {
        const result = await store.appendToStream(streamId, [contribution(writer, i)], { expectedRevision: revision });
        revision = result.revision;
      }
    }),
  );
  return perWriter * writers;
};

const measureStore = async (writers: number, synchronous: Synchronous): Promise<Measurement> => {
  const { file, cleanUp } = scratchFile(`store-${writers}-${synchronous}`);
  const store = new SqliteEventStore({ filename: file, synchronous });
  try {
    await runWriters(store, writers, WARM_UP, 'warm-up');
    const started = process.hrtime.bigint();
    const appends = await runWriters(store, writers, APPENDS, 'proposal');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      case: `appendToStream, ${writers} writer${writers > 1 ? 's' : ''}`,
      synchronous,
      appends,
      seconds,
      perSecond: appends / seconds,
    };
  } finally {
    await store.close();
    cleanUp();
  }
};

/** The ceiling: the same schema and similar rows, inserted with prepared statements and no store logic. */
const measureRaw = (rowsPerTransaction: number, synchronous: Synchronous): Measurement => {
  const { file, cleanUp } = scratchFile(`raw-${rowsPerTransaction}-${synchronous}`);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
      hash TEXT NOT NULL); CREATE UNIQUE INDEX events_by_stream ON events (stream_id, revision);`);
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const revisions = new Map<string, number>();
    let position = 0;
    const hash = 'f'.repeat(64);
    const write = db.transaction((count: number) => {
      for (let i = 0; i < count; i++) {
        const writer = position % 64;
        const streamId = `proposal-${writer}`;
        const revision = (revisions.get(streamId) ?? 0) + 1;
        revisions.set(streamId, revision);
        const event = contribution(writer, revision);
        insert.run(
          ++position,
          streamId,
          revision,
          uuidv7(),
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          new Date().toISOString(),
          hash,
        );
      }
    });
    const run = (total: number) => {
      for (let done = 0; done < total; done += rowsPerTransaction) write(Math.min(rowsPerTransaction, total - done));
    };
    run(WARM_UP);
    const started = process.hrtime.bigint();
    run(APPENDS);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      case: `raw INSERT, ${rowsPerTransaction} row${rowsPerTransaction > 1 ? 's' : ''} per transaction`,
      synchronous,
      appends: APPENDS,
      seconds,
      perSecond: APPENDS / seconds,
    };
  } finally {
    db.close();
    cleanUp();
  }
};

const describeMachine = (): string[] => [
  ...machineLines(),
  `- Node ${process.version}, SQLite ${sqliteVersion()} (better-sqlite3)`,
  diskLine(BENCH_DIR),
];

const formatRate = (n: number) => Math.round(n).toLocaleString('en-US');

const table = (rows: Measurement[], ceiling: Measurement): string[] => [
  `| Case | synchronous | Appends | Seconds | Appends/s (median of ${RUNS}) | Slowest – fastest run | vs. ceiling |`,
  '|---|---|--:|--:|--:|--:|--:|',
  ...rows.map(
    (row) =>
      `| ${row.case} | ${row.synchronous} | ${row.appends.toLocaleString('en-US')} | ${row.seconds.toFixed(2)} | ` +
      `${formatRate(row.perSecond)} | ${row.spread ? row.spread.map(formatRate).join(' – ') : ''} | ${((100 * row.perSecond) / ceiling.perSecond).toFixed(0)} % |`,
  ),
];

const main = async () => {
  const only = process.env.BENCH_ONLY; // e.g. "store-64-FULL" while profiling
  const store: Measurement[] = [];
  const raw: Measurement[] = [];
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    for (const writers of [1, 16, 64]) {
      if (only && only !== `store-${writers}-${synchronous}`) continue;
      const measurement = await median(() => measureStore(writers, synchronous));
      console.error(`${measurement.case} ${synchronous}: ${formatRate(measurement.perSecond)}/s`);
      store.push(measurement);
    }
  }
  if (only) return;
  for (const rowsPerTransaction of [64, 1]) {
    const measurement = await median(() => measureRaw(rowsPerTransaction, 'FULL'));
    console.error(`${measurement.case} FULL: ${formatRate(measurement.perSecond)}/s`);
    raw.push(measurement);
  }
  const ceiling = raw[0];
  const durable64 = store.find((row) => row.synchronous === 'FULL' && row.case.endsWith('64 writers'))!;
  const lines = [
    SECTION,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} with \`npx tsx test/bench/store.bench.ts\`:`,
    `each case appends ${APPENDS.toLocaleString('en-US')} single events after a warm-up of ${WARM_UP.toLocaleString('en-US')},`,
    'each writer to its own stream with its own count as expected revision, on a fresh file in WAL mode;',
    `each case ran ${RUNS} times and the table shows the median run.`,
    '',
    ...describeMachine(),
    '',
    ...table([...store, ...raw], ceiling),
    '',
    `Durable (FULL) appends with 64 concurrent writers: ${formatRate(durable64.perSecond)}/s, ` +
      `${((100 * durable64.perSecond) / ceiling.perSecond).toFixed(0)} % of the raw ceiling ` +
      `(${formatRate(ceiling.perSecond)}/s, 64 rows per transaction, no hashing or checks). Target: 20,000/s.`,
    '',
  ];
  publishSection(SECTION, lines);
};

runBenchmark(main);
