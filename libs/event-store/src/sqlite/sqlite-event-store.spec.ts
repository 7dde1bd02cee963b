import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RecordedEvent } from '../event-store';
import { verifyChain } from '../hash-chain';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite-event-store';

/** A temporary folder for one test's database file, removed afterwards. */
const scratchFolder = (): { filename: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'cocrea-event-store-'));
  return { filename: join(dir, 'events.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

describeEventStoreContract('SQLite', () => {
  const { filename, remove } = scratchFolder();
  let current: SqliteEventStore | undefined;
  return {
    open: async () => (current = new SqliteEventStore({ filename })),
    reopen: async () => {
      await current?.close();
      return (current = new SqliteEventStore({ filename }));
    },
    dispose: async () => {
      await current?.close();
      remove();
    },
  };
});

const readWholeLog = async (store: SqliteEventStore): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all.at(-1)?.position ?? 0, maxCount: 5000 });
    if (page.length === 0) return all;
    all.push(...page);
  }
};

describe('SQLite event store', () => {
  let folder: ReturnType<typeof scratchFolder>;
  const opened: SqliteEventStore[] = [];
  const open = (options: Partial<SqliteEventStoreOptions> = {}) => {
    const store = new SqliteEventStore({ filename: folder.filename, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    folder = scratchFolder();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    folder.remove();
  });

  it("never records an event before the log's last time, even when the clock stepped back", async () => {
    const store = open();
    await store.appendToStream('plan-1', [{ type: 'First', data: {} }]);
    // The last event says it was recorded an hour from now: a clock that ran ahead and was then set right.
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    const db = new Database(folder.filename);
    db.prepare('UPDATE events SET recorded_at = ?').run(ahead);
    db.close();
    await store.appendToStream('plan-2', [{ type: 'Second', data: {} }]);

    expect((await readWholeLog(store)).map((event) => event.recordedAt)).toEqual([ahead, ahead]);
  });

  it('writes ahead (WAL) and syncs FULL unless told NORMAL', () => {
    const durable = open();
    const relaxed = open({ synchronous: 'NORMAL' });

    // `db` is private; this adapter-specific test is the one place that needs the connection's settings.
    expect(durable['db'].pragma('journal_mode', { simple: true })).toBe('wal');
    expect(durable['db'].pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(relaxed['db'].pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });

  it('shares one gap-free log between two stores on the same file, and subscriptions see the other one', async () => {
    const first = open({ pollIntervalMs: 20 });
    const second = open({ pollIntervalMs: 20 });
    const seenBySecond: number[] = [];
    const subscription = second.subscribeToAll(0, (events) => {
      seenBySecond.push(...events.map((e) => e.position));
    });

    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, n) => first.appendToStream(`plan-${n % 4}`, [{ type: 'Numbered', data: { n } }])),
      ...Array.from({ length: 20 }, (_, n) => second.appendToStream(`plan-${n % 4}`, [{ type: 'Numbered', data: { n } }])),
      first.appendToStream('contested', [{ type: 'Created', data: {} }], { expectedRevision: 'no-stream' }),
      second.appendToStream('contested', [{ type: 'Created', data: {} }], { expectedRevision: 'no-stream' }),
    ]);
    const deadline = Date.now() + 5000;
    while (seenBySecond.length < 41 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();

    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    const log = await readWholeLog(first);
    expect(log.map((e) => e.position)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(verifyChain(log).ok).toBe(true);
    expect(seenBySecond).toEqual(log.map((e) => e.position));
  });

  it('keeps every acknowledged append when the writing process is killed mid-stream', async () => {
    const script = resolve(__dirname, '../testing/append-until-killed.ts');
    const child = spawn('npx', ['tsx', script, folder.filename, '8'], {
      cwd: resolve(__dirname, '../../../..'),
      detached: true, // its own process group: SIGKILL reaches npx, tsx and the node process running the script
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: Array<{ streamId: string; revision: number; position: number }> = [];
    let pending = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<void>((done) => child.on('close', () => done()));
    await new Promise<void>((killed, failed) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const [streamId, revision, position] = line.split(' ');
          acknowledged.push({ streamId, revision: Number(revision), position: Number(position) });
        }
        if (acknowledged.length >= 2000 && child.pid) {
          process.kill(-child.pid, 'SIGKILL');
          killed();
        }
      });
      child.on('close', () => failed(new Error(`writer exited before it was killed: ${errors}`)));
    });
    await exited;

    const store = open();
    const log = await readWholeLog(store);
    const byPosition = new Map(log.map((e) => [e.position, e]));
    const missing = acknowledged.filter(
      (ack) => byPosition.get(ack.position)?.streamId !== ack.streamId || byPosition.get(ack.position)?.revision !== ack.revision,
    );
    expect(missing).toEqual([]);
    expect(log.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(log.map((e) => e.position)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
    expect(verifyChain(log)).toMatchObject({ ok: true, checked: log.length });

    // The recovered file takes new appends that continue the chain.
    await store.appendToStream('proposal-0', [{ type: 'SectionEdited', data: {} }], {
      expectedRevision: (await store.streamRevision('proposal-0')).revision,
    });
    expect(verifyChain(await readWholeLog(store))).toMatchObject({ ok: true, checked: log.length + 1 });
  });

  it('refuses an event that JSON cannot hold without touching its neighbours in the batch', async () => {
    const store = open();

    const [before, unserializable, after] = await Promise.allSettled([
      store.appendToStream('plan-1', [{ type: 'Numbered', data: { n: 1 } }]),
      store.appendToStream('plan-2', [
        { type: 'Numbered', data: { n: 1 } },
        { type: 'Counted', data: { n: 2n } },
      ]),
      store.appendToStream('plan-3', [{ type: 'Numbered', data: { n: 3 } }]),
    ]);

    expect(before.status).toBe('fulfilled');
    expect(unserializable).toMatchObject({ status: 'rejected', reason: expect.any(TypeError) });
    expect(after).toMatchObject({ status: 'fulfilled', value: { streamId: 'plan-3', revision: 1, position: 2 } });
    const log = await readWholeLog(store);
    expect(log.map((e) => e.streamId)).toEqual(['plan-1', 'plan-3']);
    expect(verifyChain(log).ok).toBe(true);
  });

  it('rejects appends once closed', async () => {
    const store = open();
    await store.close();

    await expect(store.appendToStream('plan-1', [{ type: 'Numbered', data: {} }])).rejects.toThrow('closed');
  });

  it('acknowledges appends queued before close, and keeps them', async () => {
    const store = open();
    const appends = Array.from({ length: 10 }, (_, n) => store.appendToStream(`plan-${n}`, [{ type: 'Numbered', data: { n } }]));
    await store.close();

    expect(await Promise.all(appends)).toHaveLength(10);
    expect(await open().headPosition()).toBe(10);
  });

  it("checks the database's own integrity after a batch with refusals", async () => {
    const store = open();
    await Promise.allSettled(
      Array.from({ length: 30 }, (_, n) =>
        store.appendToStream('plan-1', [{ type: 'Numbered', data: { n } }], { expectedRevision: n % 3 }),
      ),
    );

    const check = new Database(folder.filename, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
  });
});
