import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { NewEvent, RecordedEvent, WrongExpectedRevisionError } from '../event-store';
import { verifyChain } from '../hash-chain';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { TEST_POSTGRES_URL as POSTGRES_URL, withPostgresClient as withClient } from '../testing/postgres';
import { PostgresEventStore, PostgresEventStoreOptions } from './postgres-event-store';

/** Each test gets a schema of its own, so parallel runs on one database never meet. */
const freshSchema = () => `cocrea_test_${randomBytes(6).toString('hex')}`;

const dropSchema = (schema: string) => withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

describeEventStoreContract('PostgreSQL', () => {
  const schema = freshSchema();
  let current: PostgresEventStore | undefined;
  const open = async () => (current = await PostgresEventStore.open({ connectionString: POSTGRES_URL, schema }));
  return {
    open,
    // A new store with a new pool: only what PostgreSQL committed can be found again.
    reopen: async () => {
      await current?.close();
      return open();
    },
    dispose: async () => {
      await current?.close();
      await dropSchema(schema);
    },
  };
});

const numbered = (count: number, type = 'Numbered'): NewEvent[] => Array.from({ length: count }, (_, i) => ({ type, data: { n: i + 1 } }));

const readWholeLog = async (store: PostgresEventStore): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all.at(-1)?.position ?? 0, maxCount: 5000 });
    if (page.length === 0) return all;
    all.push(...page);
  }
};

const eventually = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('PostgreSQL event store', () => {
  let schema: string;
  const opened: PostgresEventStore[] = [];
  /** Another store on the same schema stands for another API node: its own pool, its own listener. */
  const node = async (options: Partial<PostgresEventStoreOptions> = {}) => {
    const store = await PostgresEventStore.open({ connectionString: POSTGRES_URL, schema, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    schema = freshSchema();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await dropSchema(schema);
  });

  it("keeps one gap-free, verifiable log when two nodes append at once, and each node sees the other's appends live", async () => {
    // A poll of a minute: whatever arrives within the test arrived by LISTEN/NOTIFY.
    const [a, b] = await Promise.all([node({ pollIntervalMs: 60_000 }), node({ pollIntervalMs: 60_000 })]);
    const seenByA: number[] = [];
    const seenByB: number[] = [];
    const subscriptions = [
      a.subscribeToAll(0, (events) => void seenByA.push(...events.map((e) => e.position))),
      b.subscribeToAll(0, (events) => void seenByB.push(...events.map((e) => e.position))),
    ];
    await new Promise((resolve) => setTimeout(resolve, 100)); // both listening and idle

    const writer = async (store: PostgresEventStore, streamId: string, count: number) => {
      for (let revision = 0; revision < count; revision++) {
        await store.appendToStream(streamId, numbered(1), { expectedRevision: revision });
      }
    };
    const [, , ...contested] = await Promise.allSettled([
      Promise.all(range(1, 8).map((w) => writer(a, `proposal-a${w}`, 25))),
      Promise.all(range(1, 8).map((w) => writer(b, `proposal-b${w}`, 25))),
      a.appendToStream('contested', numbered(1), { expectedRevision: 'no-stream' }),
      b.appendToStream('contested', numbered(1), { expectedRevision: 'no-stream' }),
    ]);
    const total = 16 * 25 + 1;
    await eventually(() => seenByA.length >= total && seenByB.length >= total);
    await Promise.all(subscriptions.map((s) => s.stop()));

    expect(contested.filter((o) => o.status === 'rejected')).toEqual([
      expect.objectContaining({ reason: expect.any(WrongExpectedRevisionError) }),
    ]);
    const log = await readWholeLog(a);
    expect(log.map((e) => e.position)).toEqual(range(1, total));
    expect(verifyChain(log)).toMatchObject({ ok: true, checked: total });
    expect(await readWholeLog(b)).toEqual(log);
    expect(seenByA).toEqual(range(1, total));
    expect(seenByB).toEqual(range(1, total));
  });

  it('never lets a reader see a later position before an earlier one, whatever the writers racing on two nodes', async () => {
    const [a, b, reader] = await Promise.all([node(), node(), node()]);
    let writing = true;
    let last = 0;
    const skips: Array<{ after: number; got: number }> = [];
    const reading = (async () => {
      // A tight reader that trusts positions: it moves on to the last position of each page.
      while (writing || last < (await reader.headPosition())) {
        const page = await reader.readAll({ after: last, maxCount: 50 });
        if (page.length > 0 && page[0].position !== last + 1) skips.push({ after: last, got: page[0].position });
        last = page.at(-1)?.position ?? last;
      }
    })();
    await Promise.all(
      [a, b].flatMap((store, s) =>
        range(1, 16).map(async (w) => {
          for (let i = 0; i < 20; i++) await store.appendToStream(`plan-${s}-${w}`, numbered(1 + (i % 3)));
        }),
      ),
    );
    writing = false;
    await reading;

    expect(skips).toEqual([]);
    expect(last).toBe(await a.headPosition());
    expect(verifyChain(await readWholeLog(reader)).ok).toBe(true);
  });

  it('keeps delivering when the listening connection is lost: it polls, then listens again', async () => {
    const a = await node({ pollIntervalMs: 100 });
    const b = await node();
    const seen: number[] = [];
    const subscription = a.subscribeToAll(0, (events) => void seen.push(...events.map((e) => e.position)));
    await b.appendToStream('plan-1', numbered(1));
    await eventually(() => seen.length === 1);

    // The server drops A's listening connection, as a failover or an idle timeout would.
    const lost = a['listener'];
    const terminated = await withClient((admin) =>
      admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1`, [`LISTEN "appended_${schema}"`]),
    );
    expect(terminated.rowCount).toBe(1);
    await b.appendToStream('plan-1', numbered(2));
    await eventually(() => seen.length === 3);
    await eventually(() => a['listener'] !== undefined && a['listener'] !== lost);
    await b.appendToStream('plan-1', numbered(1));
    await eventually(() => seen.length === 4);
    await subscription.stop();

    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('commits appends that arrive together in one transaction, refusals included', async () => {
    const store = await node();
    await store.appendToStream('plan-0', numbered(1));

    const outcomes = await Promise.allSettled(
      range(1, 50).map((n) => store.appendToStream(`plan-${n % 10}`, numbered(2), { expectedRevision: n <= 10 ? 'no-stream' : 'any' })),
    );

    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1); // plan-0 existed already
    const transactions = await withClient((client) =>
      client.query<{ xmin: string; events: string }>(
        `SELECT xmin::text, count(*) AS events FROM "${schema}".events GROUP BY xmin ORDER BY min(position)`,
      ),
    );
    expect(transactions.rows.map((row) => Number(row.events))).toEqual([1, 49 * 2]);
  });

  it("waits behind another node's appending transaction, and survives losing its connection while it waits", async () => {
    const store = await node();
    await store.appendToStream('plan-1', numbered(1));
    const otherNode = new Client({ connectionString: POSTGRES_URL });
    await otherNode.connect();
    try {
      // Another node in the middle of its append: it holds the lock until it commits.
      await otherNode.query(`BEGIN; SELECT pg_advisory_xact_lock(${store['appendLock']})`);
      const waiting = store.appendToStream('plan-1', numbered(1), { expectedRevision: 1 });
      // Only this store's writer: other test runs may share the server.
      const waitingWriter = `FROM pg_stat_activity WHERE wait_event = 'advisory' AND query LIKE '%${store['appendLock']}%'`;
      // Observed from outside the transaction: pg_stat_activity stays the same snapshot within one.
      const waiter = async () => (await withClient((observer) => observer.query(`SELECT pid ${waitingWriter}`))).rows;
      for (let tries = 0; (await waiter()).length === 0; tries++) {
        if (tries > 200) throw new Error('the append never waited for the lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await store.headPosition()).toBe(1);

      // The server drops the waiting connection: that append fails, the process and the store carry on.
      expect((await withClient((admin) => admin.query(`SELECT pg_terminate_backend(pid) ${waitingWriter}`))).rowCount).toBe(1);
      await expect(waiting).rejects.toThrow();
      const retried = store.appendToStream('plan-1', numbered(1), { expectedRevision: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await otherNode.query('COMMIT');

      expect(await retried).toEqual({ streamId: 'plan-1', revision: 2, position: 2 });
    } finally {
      await otherNode.end();
    }
    expect(verifyChain(await readWholeLog(store))).toMatchObject({ ok: true, checked: 2 });
  });

  it('stores data and metadata as the exact JSON text it hashed, and the time as timestamptz', async () => {
    const store = await node();
    const data = { zeta: 1, alpha: 'nul \u0000 inside', nested: { b: [1.5, null], a: true } };
    await store.appendToStream('plan-1', [{ type: 'PlanDrafted', data, metadata: { actorId: 'ada', roles: ['editor'] } }]);

    const stored = await withClient((client) =>
      client.query<{ data: string; metadata: string; recorded_at_type: string }>(
        `SELECT data, metadata, pg_typeof(recorded_at)::text AS recorded_at_type FROM "${schema}".events`,
      ),
    );
    const [recorded] = await store.readStream('plan-1');
    expect(stored.rows).toEqual([
      { data: JSON.stringify(data), metadata: '{"actorId":"ada","roles":["editor"]}', recorded_at_type: 'timestamp with time zone' },
    ]);
    expect(Object.keys(recorded.data as object)).toEqual(['zeta', 'alpha', 'nested']); // jsonb would have reordered them
    expect(recorded.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(verifyChain([recorded]).ok).toBe(true); // so recordedAt came back exactly as it was hashed
  });

  it("records times from the database's clock, never earlier than the log's last, whatever the node's clock says", async () => {
    const store = await node();
    await store.appendToStream('plan-1', [{ type: 'First', data: {} }]);
    const [first] = await store.readStream('plan-1');
    const databaseNow = await withClient(
      async (client) => (await client.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0].now,
    );
    expect(Math.abs(Date.parse(first.recordedAt) - databaseNow.getTime())).toBeLessThan(5_000);

    // The last event says it was recorded an hour from now (a clock that ran ahead): the next is not recorded before it.
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    await withClient((client) => client.query(`UPDATE "${schema}".events SET recorded_at = $1`, [ahead]));
    await Promise.all([
      store.appendToStream('plan-2', [{ type: 'Second', data: {} }]),
      (await node()).appendToStream('plan-3', [{ type: 'Third', data: {} }]),
    ]);
    const later = (await readWholeLog(store)).slice(1);

    expect(later.map((event) => event.recordedAt)).toEqual([ahead, ahead]);
  });

  it('refuses a name PostgreSQL cannot store, or an event JSON cannot hold, without touching its neighbours', async () => {
    const store = await node();

    const [before, nulInName, loneSurrogate, bigint, after] = await Promise.allSettled([
      store.appendToStream('plan-1', numbered(1)),
      store.appendToStream('plan-\u0000', numbered(1)),
      store.appendToStream('plan-2', [{ type: 'Broken\uD800', data: {} }]),
      store.appendToStream('plan-3', [{ type: 'Counted', data: { n: 2n } }]),
      store.appendToStream('plan-4', numbered(1)),
    ]);

    expect(before.status).toBe('fulfilled');
    for (const refused of [nulInName, loneSurrogate, bigint])
      expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(TypeError) });
    expect(after).toMatchObject({ status: 'fulfilled', value: { streamId: 'plan-4', revision: 1, position: 2 } });
    expect((await readWholeLog(store)).map((e) => e.streamId)).toEqual(['plan-1', 'plan-4']);
  });

  it('acknowledges appends queued before close, and a new node finds them', async () => {
    const store = await node();
    const appends = range(1, 10).map((n) => store.appendToStream(`plan-${n}`, numbered(1)));
    await store.close();

    expect(await Promise.all(appends)).toHaveLength(10);
    await expect(store.appendToStream('plan-1', numbered(1))).rejects.toThrow('closed');
    expect(await (await node()).headPosition()).toBe(10);
  });

  it('fails fast at open, naming the server but not its password, when PostgreSQL is unreachable', async () => {
    const started = Date.now();

    const failure = PostgresEventStore.open({ connectionString: 'postgres://cocrea:secret@127.0.0.1:1/events', schema });

    await expect(failure).rejects.toThrow(/cannot use postgres:\/\/cocrea:\*\*\*@127\.0\.0\.1:1\/events/);
    await expect(failure).rejects.not.toThrow(/secret/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a schema name it would have to quote', () => {
    expect(() => new PostgresEventStore({ connectionString: POSTGRES_URL, schema: 'events"; DROP TABLE x; --' })).toThrow('schema name');
  });
});
