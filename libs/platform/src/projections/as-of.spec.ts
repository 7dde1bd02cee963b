import { t } from '../i18n/text';
import { EventStore, RecordedEvent, SqliteEventStore } from '@cocrea/event-store';
import {
  InMemoryReadModels,
  documentAsOf,
  existedAsOf,
  foldProjection,
  inLogOrder,
  lastEventWhere,
  parseAsOf,
  resolveAsOf,
  streamDocumentAsOf,
} from './as-of';
import { Projection } from './projection';
import { Filter, ServingReadModels, ReadModelWriter } from './read-models';

/** A small projection that uses every writer operation: documents per stream, a deletion, a find, a feed. */
const ledger: Projection = {
  name: 'ledger',
  apply(event: RecordedEvent, models: ReadModelWriter) {
    const id = event.streamId.slice(event.streamId.indexOf('-') + 1);
    const data = event.data as { amount?: number; kind?: string; closed?: boolean };
    switch (event.type) {
      case 'Opened':
        models.put('accounts', id, {
          id,
          kind: data.kind ?? null,
          closed: false,
          balance: 0,
          openedAt: event.recordedAt,
          position: event.position,
        });
        return;
      case 'Deposited':
        models.update<{ balance: number }>('accounts', id, (account) => ({
          ...account,
          balance: account.balance + (data.amount ?? 0),
          position: event.position,
        }));
        models.appendToFeed(`deposits:${id}`, event.position);
        return;
      case 'Closed':
        models.update('accounts', id, (account: object) => ({ ...account, closed: true }));
        return;
      case 'Removed':
        models.delete('accounts', id);
        return;
      case 'Counted':
        models.put('counts', 'open', { id: 'open', open: models.find('accounts', { closed: false }).length });
        return;
    }
  },
};

let position = 0;
const recorded = (
  streamId: string,
  type: string,
  data: object = {},
  recordedAt = `2017-05-01T00:00:${String(position + 1).padStart(2, '0')}.000Z`,
): RecordedEvent => {
  position += 1;
  return { id: `e${position}`, streamId, type, data, metadata: {}, revision: 1, position, recordedAt, hash: '' };
};

/** The port's reads over a fixed list, for logs a real adapter cannot be made to write (gaps, chosen times). */
const logOf = (events: RecordedEvent[]): EventStore =>
  ({
    readAll: async ({ after = 0, maxCount = 1000 } = {}) => events.filter((e) => e.position > after).slice(0, maxCount),
    headPosition: async () => events.at(-1)?.position ?? 0,
    readStream: async (streamId: string, { toPosition = Number.MAX_SAFE_INTEGER } = {}) =>
      events.filter((e) => e.streamId === streamId && e.position <= toPosition),
  }) as unknown as EventStore;

describe('InMemoryReadModels', () => {
  it('gives the same documents, finds and feeds as the database for the same events', () => {
    position = 0;
    const events = [
      recorded('account-a', 'Opened', { kind: 'savings' }),
      recorded('account-b', 'Opened'),
      recorded('account-a', 'Deposited', { amount: 5 }),
      recorded('account-c', 'Opened', { kind: 'savings' }),
      recorded('account-b', 'Removed'),
      recorded('account-b', 'Opened', { kind: 'current' }),
      recorded('account-a', 'Closed'),
      recorded('account-a', 'Deposited', { amount: 7 }),
      recorded('count-1', 'Counted'),
    ];
    const database = new ServingReadModels(':memory:');
    events.forEach((event) => ledger.apply(event, database));
    const memory = foldProjection(ledger, events);

    // Re-created after a deletion, b comes last, as it does by the database's sequence.
    expect(memory.find('accounts').map((a: any) => a.id)).toEqual(['a', 'c', 'b']);
    const filters: Filter[] = [
      {},
      { closed: false },
      { closed: true },
      { kind: 'savings' },
      { kind: null },
      { kind: 'savings', closed: false },
    ];
    for (const filter of filters) {
      expect(memory.find('accounts', filter)).toEqual(database.find('accounts', filter));
    }
    expect(memory.get('accounts', 'a')).toEqual(database.get('accounts', 'a'));
    expect(memory.get('accounts', 'a')).toMatchObject({ balance: 12, closed: true });
    expect(memory.get('counts', 'open')).toEqual({ id: 'open', open: 2 });
    expect(memory.readFeed('deposits:a')).toEqual(database.readFeed('deposits:a', 0, 1000, 1000));
    expect(memory.readFeed('deposits:a', 3, 8)).toEqual([8]);
    database.close();
  });

  it('hands out copies, as a database does: changing a document read changes nothing stored', () => {
    const memory = new InMemoryReadModels();
    memory.put('docs', '1', { list: [1], skipped: undefined });
    memory.get<{ list: number[] }>('docs', '1')!.list.push(2);
    expect(memory.get('docs', '1')).toEqual({ list: [1] });
    expect(Object.keys(memory.get('docs', '1')!)).toEqual(['list']);
    memory.update('docs', 'missing', () => ({ made: true }));
    expect(memory.get('docs', 'missing')).toBeUndefined();
  });

  it('folds a document as of any prefix of its events, undefined before it was created', () => {
    position = 0;
    const events = [
      recorded('account-a', 'Opened'),
      recorded('account-a', 'Deposited', { amount: 5 }),
      recorded('account-a', 'Deposited', { amount: 7 }),
    ];
    expect(documentAsOf(ledger, events.slice(0, 0), 'accounts', 'a')).toBeUndefined();
    expect(documentAsOf(ledger, events.slice(0, 2), 'accounts', 'a')).toMatchObject({ balance: 5, position: 2 });
    expect(documentAsOf(ledger, events, 'accounts', 'a')).toMatchObject({ balance: 12, position: 3 });
    expect(inLogOrder([events[2]], [events[0], events[1]]).map((e) => e.position)).toEqual([1, 2, 3]);
  });
});

describe('parseAsOf', () => {
  it.each([
    ['0', { position: 0 }],
    ['42', { position: 42 }],
    ['2017-05-01', { time: Date.UTC(2017, 4, 1) }],
    ['2017-05-01T12:00Z', { time: Date.UTC(2017, 4, 1, 12) }],
    ['2017-05-01T12:00:00.250Z', { time: Date.UTC(2017, 4, 1, 12, 0, 0, 250) }],
    ['2017-05-01T12:00:00+02:00', { time: Date.UTC(2017, 4, 1, 10) }],
    ['2017-05-01T12:00:00 02:00', { time: Date.UTC(2017, 4, 1, 10) }],
    ['2017-05-01T12:00:00-0500', { time: Date.UTC(2017, 4, 1, 17) }],
  ])('reads %s', (raw, expected) => {
    expect(parseAsOf(raw)).toEqual(expected);
  });

  it.each([
    '',
    '-1',
    '1.5',
    'abc',
    '99999999999999999999',
    '2017-05-01T12:00:00',
    '2017-02-30',
    '2017-13-01T00:00Z',
    '2017-05-01T25:00Z',
    'yesterday',
  ])('refuses %j', (raw) => {
    expect(parseAsOf(raw)).toBeUndefined();
  });
});

describe('a moment of the log', () => {
  const times = [
    '2017-05-01T10:00:00.000Z',
    '2017-05-01T10:00:00.000Z',
    '2017-05-01T11:00:00.000Z',
    '2017-05-02T09:00:00.000Z',
    '2017-05-03T00:00:00.000Z',
  ];
  // Positions with gaps (as a store with a sequence may leave them): 2, 3, 7, 8, 20.
  const positions = [2, 3, 7, 8, 20];
  const events = positions.map((p, i) => ({
    ...recorded(`account-${i % 2 ? 'b' : 'a'}`, i === 0 || i === 1 ? 'Opened' : 'Deposited', { amount: 1 }, times[i]),
    position: p,
  }));
  const store = logOf(events);

  it('is the last position recorded at or before a time, found by binary search over positions with gaps', async () => {
    expect(await resolveAsOf(store, '2017-05-01T09:59:59.999Z')).toEqual({ position: 0, time: null });
    expect(await resolveAsOf(store, '2017-05-01T10:00:00Z')).toEqual({ position: 3, time: times[1] });
    expect(await resolveAsOf(store, '2017-05-01T12:00:00+01:00')).toEqual({ position: 7, time: times[2] });
    expect(await resolveAsOf(store, '2017-05-02')).toEqual({ position: 7, time: times[2] });
    expect(await resolveAsOf(store, '2017-05-02T09:00:00.001Z')).toEqual({ position: 8, time: times[3] });
    expect(await resolveAsOf(store, '2030-01-01T00:00Z')).toEqual({ position: 20, time: times[4] });
  });

  it('is a position itself, or the last event before it in a gap, or the head beyond the head', async () => {
    expect(await resolveAsOf(store, { position: 0 })).toEqual({ position: 0, time: null });
    expect(await resolveAsOf(store, { position: 1 })).toEqual({ position: 0, time: null });
    expect(await resolveAsOf(store, '7')).toEqual({ position: 7, time: times[2] });
    expect(await resolveAsOf(store, '15')).toEqual({ position: 8, time: times[3] });
    expect(await resolveAsOf(store, '1000')).toEqual({ position: 20, time: times[4] });
  });

  it('finds the last event of any predicate that holds for a prefix of the log, on an empty log none', async () => {
    for (let upTo = 0; upTo <= 21; upTo++) {
      const expected = events.filter((e) => e.position <= upTo).at(-1);
      expect((await lastEventWhere(store, (e) => e.position <= upTo))?.position).toBe(expected?.position);
    }
    expect(await lastEventWhere(logOf([]), () => true)).toBeUndefined();
  });

  it('folds a stream as of a moment through the projection, and is a 404 naming the position before it existed', async () => {
    const source = { streamId: 'account-b', projection: ledger, collection: 'accounts', entity: t`account`, id: 'b' };
    expect(await streamDocumentAsOf(store, '8', source)).toMatchObject({ id: 'b', balance: 1, asOf: { position: 8, time: times[3] } });
    expect(await streamDocumentAsOf(store, '7', source)).toMatchObject({ balance: 0, asOf: { position: 7 } });
    await expect(streamDocumentAsOf(store, '2', source)).rejects.toMatchObject({
      reason: 'not-found',
      message: 'account b did not exist at position 2',
    });
    expect(() => existedAsOf(undefined, t`plan`, 'p', { position: 4, time: null })).toThrow('plan p did not exist at position 4');
  });

  it('works over a real adapter: every position of a SQLite log resolves to itself and its time', async () => {
    const sqlite = new SqliteEventStore({ filename: ':memory:' });
    try {
      for (let i = 0; i < 37; i++)
        await sqlite.appendToStream(`account-${i % 3}`, [{ type: i < 3 ? 'Opened' : 'Deposited', data: { amount: i } }]);
      const log = await sqlite.readAll({ maxCount: 100 });
      for (const event of log) {
        expect(await resolveAsOf(sqlite, { position: event.position })).toEqual({ position: event.position, time: event.recordedAt });
        // A time resolves to the last event recorded at that time (several share a millisecond).
        const last = log.filter((e) => e.recordedAt <= event.recordedAt).at(-1)!;
        expect(await resolveAsOf(sqlite, event.recordedAt)).toEqual({ position: last.position, time: last.recordedAt });
      }
      const balanceAt = async (p: number) =>
        (
          await streamDocumentAsOf<{ balance: number }>(sqlite, String(p), {
            streamId: 'account-1',
            projection: ledger,
            collection: 'accounts',
            entity: t`account`,
            id: '1',
          })
        ).balance;
      expect(await balanceAt(37)).toBe([4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34].reduce((a, b) => a + b));
      expect(await balanceAt(8)).toBe(4 + 7);
    } finally {
      await sqlite.close();
    }
  });
});
