import { Worker } from 'node:worker_threads';

/**
 * Writes the documents of a rebuilt read-model file in a worker thread, while the caller's thread serializes
 * the next ones: a rebuild ends with every document written at once (hundreds of thousands of rows), and
 * serializing them and inserting them then take about as long as each other.
 */

/** The worker, plain JavaScript: it runs outside the TypeScript build, from this string. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -16384');
const ROWS = workerData.rowsPerInsert;
const row = '(?, ?, ?, ?)';
const insertOne = db.prepare('INSERT INTO documents (collection, id, seq, body) VALUES ' + row);
const insertMany = db.prepare('INSERT INTO documents (collection, id, seq, body) VALUES ' + Array(ROWS).fill(row).join(', '));
const newFeed = db.prepare('INSERT OR IGNORE INTO feeds (name) VALUES (?)');
const feedId = db.prepare('SELECT id FROM feeds WHERE name = ?').pluck();
const insertPositions = db.prepare('INSERT OR IGNORE INTO feed_positions (feed, position) SELECT ?, value FROM json_each(?)');
db.exec('BEGIN');
let failed;
parentPort.on('message', (message) => {
  if (failed) return;
  try {
    if (message.feed !== undefined) {
      newFeed.run(message.feed);
      insertPositions.run(feedId.get(message.feed), JSON.stringify(Array.from(message.positions)));
      return;
    }
    if (message.rows) {
      const rows = message.rows;
      let at = 0;
      for (; at + 4 * ROWS <= rows.length; at += 4 * ROWS) insertMany.run(rows.slice(at, at + 4 * ROWS));
      for (; at < rows.length; at += 4) insertOne.run(rows.slice(at, at + 4));
      parentPort.postMessage({ written: true });
      return;
    }
    db.exec('COMMIT');
    // The server opens its read models in WAL mode: leave the file ready for it.
    db.pragma('journal_mode = WAL');
    db.close();
    parentPort.postMessage({ done: true });
  } catch (error) {
    // Nothing more is written, nothing is committed: the file is thrown away.
    failed = String((error && error.message) || error);
    parentPort.postMessage({ error: failed });
  }
});
`;

export interface ScratchWriter {
  /** Positions filed under a feed (handed over, not copied). */
  file(feed: string, positions: Float64Array): void;
  /**
   * Rows to insert, flattened: collection, id, seq, body, then the next row's. Resolves once the writer has few
   * enough messages waiting, so that serialized documents never pile up in memory.
   */
  write(rows: unknown[]): Promise<void>;
  /** Commits, switches the file to WAL and closes it; rejects when any write failed. */
  end(): Promise<void>;
}

/** Messages of rows the writer may have waiting before `write` waits for it. */
const MAX_WAITING = 4;

export const startScratchWriter = (filename: string, rowsPerInsert: number): ScratchWriter => {
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), filename, rowsPerInsert } });
  let failure: Error | undefined;
  let waiting = 0;
  let drained: (() => void) | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: { done?: true; written?: true; error?: string }) => {
      if (message.written) {
        waiting--;
        drained?.();
        drained = undefined;
      }
      if (message.error !== undefined) failure ??= new Error(`writing the read models failed: ${message.error}`);
      if (message.done) resolve();
      else if (failure) reject(failure);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(failure ?? new Error(`the read-model writer stopped (exit code ${code})`)));
  });
  /** Settles with the writer, never rejects: what a waiting write races against. */
  const settled = finished.catch(() => undefined);
  return {
    file: (feed, positions) => worker.postMessage({ feed, positions }, [positions.buffer as ArrayBuffer]),
    write: async (rows) => {
      worker.postMessage({ rows });
      waiting++;
      // A failure ends the wait too: end() reports it.
      while (waiting > MAX_WAITING && !failure) await Promise.race([new Promise<void>((wake) => (drained = wake)), settled]);
    },
    end: async () => {
      worker.postMessage({ end: true });
      try {
        await finished;
      } finally {
        await worker.terminate();
      }
    },
  };
};
