import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../event-store';

/**
 * Reads a SQLite log page by page in a worker thread, so that a rebuild uses a second core: the worker steps
 * through the rows and SQLite joins each page into one JSON text, and the caller's thread only parses it, while
 * the worker reads the next page. (Rows handed over as objects would cost the caller more than reading them.)
 */

/** The worker, plain JavaScript: it runs outside the TypeScript build, from this string. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { readonly: true, fileMustExist: true });
// data and metadata are stored as the JSON text the store wrote: they go into the page as they are, unparsed.
const page = db.prepare(
  "SELECT '[' || group_concat('[' || position || ',' || json_quote(stream_id) || ',' || revision || ',' || json_quote(id) || ','" +
  " || json_quote(type) || ',' || data || ',' || metadata || ',' || json_quote(recorded_at) || ',' || json_quote(hash) || ']', ','" +
  " ORDER BY position) || ']' AS events, count(*) AS count, max(position) AS last" +
  ' FROM (SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?)'
);
parentPort.on('message', ({ after, size }) => {
  // A page of large events may not fit in one string: half as many events, until one.
  for (let events = size; ; events = Math.ceil(events / 2)) {
    try {
      return parentPort.postMessage(page.get(after, events));
    } catch (error) {
      if (events > 1 && /too big|string length|longer than/i.test(String(error && error.message))) continue;
      return parentPort.postMessage({ error: String((error && error.message) || error) });
    }
  }
});
`;

type Row = [
  position: number,
  streamId: string,
  revision: number,
  id: string,
  type: string,
  data: unknown,
  metadata: RecordedEvent['metadata'],
  recordedAt: string,
  hash: string,
];

interface Page {
  events: string;
  count: number;
  last: number | null;
  error?: string;
}

const toRecorded = ([position, streamId, revision, id, type, data, metadata, recordedAt, hash]: Row): RecordedEvent => ({
  id,
  streamId,
  type,
  data,
  metadata,
  revision,
  position,
  recordedAt,
  hash,
});

export async function* readPagesInWorker(filename: string, after: number, pageSize: number): AsyncGenerator<RecordedEvent[]> {
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), filename } });
  let waiting: { resolve: (page: Page) => void; reject: (error: unknown) => void } | undefined;
  const fail = (error: unknown) => {
    waiting?.reject(error);
    waiting = undefined;
  };
  worker.on('message', (page: Page) => {
    const current = waiting;
    waiting = undefined;
    if (page.error !== undefined) current?.reject(new Error(`reading the log failed: ${page.error}`));
    else current?.resolve(page);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the log reader stopped (exit code ${code})`)));
  const request = (from: number) => {
    const page = new Promise<Page>((resolve, reject) => (waiting = { resolve, reject }));
    // A page read ahead and never asked for (the caller stopped) must not fail unobserved.
    page.catch(() => undefined);
    worker.postMessage({ after: from, size: pageSize });
    return page;
  };
  try {
    let next = request(after);
    for (;;) {
      const page = await next;
      if (page.count === 0 || page.last === null) return;
      next = request(page.last);
      yield (JSON.parse(page.events) as Row[]).map(toRecorded);
    }
  } finally {
    waiting = undefined;
    await worker.terminate();
  }
}
