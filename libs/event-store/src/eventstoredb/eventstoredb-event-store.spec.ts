import fc from 'fast-check';
import { ANY, EventStoreDBClient, NO_STREAM, STREAM_EXISTS, START, jsonEvent } from '@eventstore/db-client';
import type { AppendExpectedRevision, CurrentRevision } from '@eventstore/db-client';
import { ExpectedRevision, RecordedEvent, matchesExpectedRevision } from '../event-store';
import { GENESIS_HASH, HashedContent, verifyChain } from '../hash-chain';
import { uuidv7 } from '../ids';
import { EventStoreUnderTest, describeEventStoreContract } from '../testing/event-store.contract';
import { ChainIndex, ChainPoint } from './chain-index';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import {
  commandIdOf,
  currentRevisionFromEsdb,
  eventIdFor,
  fromEsdbMetadata,
  positionFromEsdb,
  revisionFromEsdb,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toEsdbPosition,
  toEsdbRevision,
} from './eventstoredb-mapping';

const url = process.env.EVENTSTORE_URL;

/**
 * Each test gets a log of its own in the shared database: its streams carry a fresh prefix, and its
 * log (and hash chain) starts after whatever the database held when the test began.
 */
const freshLog = (connectionString: string) => () => {
  const streamPrefix = `test-${uuidv7()}.`;
  let startsAfter: number | undefined;
  let current: EventStoreDbEventStore | undefined;
  const open = async () => {
    startsAfter ??= await EventStoreDbEventStore.endOfAll(connectionString);
    return (current = new EventStoreDbEventStore({ connectionString, streamPrefix, startsAfter }));
  };
  const subject: EventStoreUnderTest & { capabilities: { densePositions: boolean; atomicConditions: boolean } } = {
    // EventStoreDB positions are log offsets, and it checks one stream per write: see the README.
    capabilities: { densePositions: false, atomicConditions: false },
    open,
    reopen: async () => {
      await current?.close();
      return open();
    },
    dispose: async () => current?.close(),
  };
  return { subject, streamPrefix };
};

if (url) {
  describeEventStoreContract('EventStoreDB', () => freshLog(url)().subject);

  describe('EventStoreDB event store (server specifics)', () => {
    let raw: EventStoreDBClient;
    let log: ReturnType<ReturnType<typeof freshLog>>;
    let store: EventStoreDbEventStore;

    beforeEach(async () => {
      raw = EventStoreDBClient.connectionString(url);
      log = freshLog(url)();
      store = (await log.subject.open()) as EventStoreDbEventStore;
    });

    afterEach(async () => {
      await log.subject.dispose?.();
      await raw.dispose();
    });

    it('hands out log offsets as positions: strictly increasing, the same through every read', async () => {
      await store.appendToStream('plan-1', [
        { type: 'Numbered', data: { n: 1 } },
        { type: 'Numbered', data: { n: 2 } },
      ]);
      await store.appendToStream('plan-2', [{ type: 'Numbered', data: { n: 3 } }]);

      const all = await store.readAll();
      const positions = all.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(3);
      expect(await store.headPosition()).toBe(positions[2]);
      expect(await store.readStream('plan-1')).toEqual(all.slice(0, 2));
      expect(verifyChain(all).ok).toBe(true);
    });

    it('writes $correlationId, $causationId and the command id into the stored metadata, and event ids derived from the command', async () => {
      await store.appendToStream('plan-1', [{ type: 'PlanDrafted', data: {}, metadata: { actorId: 'ada', correlationId: 'corr-1' } }], {
        commandId: 'cmd-1',
      });

      const [stored] = await collect(raw.readStream(`${log.streamPrefix}plan-1`, { fromRevision: START }));
      expect(stored.event?.id).toBe(eventIdFor('cmd-1', 0));
      expect(stored.event?.metadata).toEqual({
        actorId: 'ada',
        correlationId: 'corr-1',
        $correlationId: 'corr-1',
        $causationId: 'cmd-1',
        $commandId: 'cmd-1',
      });
      expect((await store.readStream('plan-1'))[0].metadata).toEqual({ actorId: 'ada', correlationId: 'corr-1' });
    });

    it('answers a retry whose first attempt stored its events but died before recording the command', async () => {
      await store.appendToStream('plan-1', [{ type: 'PlanDrafted', data: {} }]);
      // What the first attempt wrote before its process was killed: the events, not the command record.
      await raw.appendToStream(
        `${log.streamPrefix}plan-1`,
        jsonEvent({ id: eventIdFor('cmd-2', 0), type: 'PlanRenamed', data: { title: 'x' }, metadata: toEsdbMetadata({}, 'cmd-2') }),
      );
      expect(await store.findCommand('cmd-2')).toBeUndefined();

      const retry = await store.appendToStream('plan-1', [{ type: 'PlanRenamed', data: { title: 'x' } }], {
        expectedRevision: 2,
        commandId: 'cmd-2',
      });

      expect(retry).toMatchObject({ streamId: 'plan-1', revision: 2 });
      expect(await store.readStream('plan-1')).toHaveLength(2);
      expect(await store.findCommand('cmd-2')).toMatchObject({ streamId: 'plan-1', revision: 2, position: retry.position });
    });

    it('keeps the log free of command records and of events outside its prefix', async () => {
      await store.appendToStream('plan-1', [{ type: 'PlanDrafted', data: {} }], { commandId: 'cmd-3' });
      await raw.appendToStream(`elsewhere-${uuidv7()}`, jsonEvent({ type: 'Foreign', data: {} }));

      expect((await store.readAll()).map((e) => e.type)).toEqual(['PlanDrafted']);
    });
  });
} else {
  describe.skip('EventStoreDB event store: skipped because EVENTSTORE_URL is not set (e.g. esdb://localhost:2113?tls=false)', () => {
    it('passes the event store contract suite against a real EventStoreDB', () => undefined);
  });
}

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

describe('EventStoreDB mapping (no server)', () => {
  /** What EventStoreDB accepts, as its documentation states it, on a stream at `current`. */
  const esdbAccepts = (expected: AppendExpectedRevision, current: CurrentRevision): boolean => {
    if (expected === ANY) return true;
    if (expected === NO_STREAM) return current === NO_STREAM;
    if (expected === STREAM_EXISTS) return current !== NO_STREAM;
    return current === expected;
  };
  const esdbCurrent = (ourRevision: number): CurrentRevision => (ourRevision === 0 ? NO_STREAM : BigInt(ourRevision - 1));

  it.each<[ExpectedRevision, AppendExpectedRevision]>([
    ['any', ANY],
    ['no-stream', NO_STREAM],
    ['exists', STREAM_EXISTS],
    [0, NO_STREAM],
    [1, 0n],
    [5, 4n],
  ])('maps the expected revision %p to %p', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });

  it('refuses an expected revision that is not a count of events', () => {
    expect(() => toEsdbExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toEsdbExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('accepts an append on EventStoreDB exactly when the port accepts it (property)', () => {
    const expected = fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no-stream', 'exists'), fc.integer({ min: 0, max: 20 }));
    fc.assert(
      fc.property(expected, fc.integer({ min: 0, max: 20 }), (ours, actual) => {
        expect(esdbAccepts(toEsdbExpectedRevision(ours), esdbCurrent(actual))).toBe(matchesExpectedRevision(ours, actual));
      }),
    );
  });

  it('maps revisions both ways: EventStoreDB numbers events from 0, the port from 1', () => {
    expect(revisionFromEsdb(0n)).toBe(1);
    expect(revisionFromEsdb(41n)).toBe(42);
    expect(currentRevisionFromEsdb(NO_STREAM)).toBe(0);
    expect(currentRevisionFromEsdb(-1n)).toBe(0);
    expect(currentRevisionFromEsdb(0n)).toBe(1);
    expect(toEsdbRevision(1)).toBe(0n);
    expect(toEsdbRevision(0)).toBe(0n);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (revision) => revisionFromEsdb(toEsdbRevision(revision)) === revision));
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (revision) => currentRevisionFromEsdb(esdbCurrent(revision)) === revision));
  });

  it("takes an event's own log offset as its position, and refuses what a number cannot hold exactly", () => {
    expect(positionFromEsdb({ commit: 1234n, prepare: 1234n })).toBe(1234);
    expect(positionFromEsdb(toEsdbPosition(987_654_321))).toBe(987_654_321);
    expect(() => positionFromEsdb(undefined)).toThrow('22.10');
    expect(() => positionFromEsdb({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(RangeError);
  });

  it('derives event ids from the command id: UUID version 5, the same on every retry, one per event', () => {
    // Vectors from the reference implementation of RFC 9562 (npm `uuid`, v5) in Cocrea's namespace.
    expect(eventIdFor('cmd-1', 0)).toBe('0e13ee43-2466-5679-b5f6-4a8e3963fae6');
    expect(eventIdFor('cmd-1', 1)).toBe('621f5133-214e-5c04-972f-43e2fa4c8395');
    fc.assert(
      fc.property(fc.string(), fc.nat(100), (commandId, index) => {
        expect(eventIdFor(commandId, index)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(eventIdFor(commandId, index)).toBe(eventIdFor(commandId, index));
        expect(eventIdFor(commandId, index)).not.toBe(eventIdFor(commandId, index + 1));
      }),
    );
  });

  it('adds $correlationId and $causationId to the stored metadata and takes them off when read', () => {
    const ours = { actorId: 'ada', roles: ['editor'], correlationId: 'corr-1', causationId: 'cause-1' };

    expect(toEsdbMetadata(ours, 'cmd-1')).toEqual({ ...ours, $correlationId: 'corr-1', $causationId: 'cause-1', $commandId: 'cmd-1' });
    expect(toEsdbMetadata({ actorId: 'ada' }, 'cmd-1')).toMatchObject({ $correlationId: 'cmd-1', $causationId: 'cmd-1' });
    expect(toEsdbMetadata({ actorId: 'ada' }, undefined)).toEqual({ actorId: 'ada' });
    expect(fromEsdbMetadata(toEsdbMetadata(ours, 'cmd-1'))).toEqual(ours);
    expect(commandIdOf(toEsdbMetadata(ours, 'cmd-1'))).toBe('cmd-1');
    expect(commandIdOf(ours)).toBeUndefined();
    expect(fromEsdbMetadata(undefined)).toEqual({});
    expect(fromEsdbMetadata(new Uint8Array([1, 2]))).toEqual({});
  });
});

describe('hash chain index for EventStoreDB (no server)', () => {
  /** A log with sparse, increasing positions, like EventStoreDB's offsets. */
  const sparseLog = (count: number, origin = 0): HashedContent[] =>
    Array.from({ length: count }, (_, i) => ({
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      streamId: `plan-${i % 3}`,
      type: 'Numbered',
      data: { n: i },
      metadata: {},
      revision: Math.floor(i / 3) + 1,
      position: origin + 100 + i * 137,
      recordedAt: '2026-03-01T10:00:00.000Z',
    }));

  const hashAll = (index: ChainIndex, events: HashedContent[], from: ChainPoint = index.pointAtOrBefore(0)): RecordedEvent[] => {
    let point = from;
    return events.map((event) => {
      const next = index.extend(point, event);
      point = next.point;
      return next.recorded;
    });
  };

  it('builds the chain that verifyChain checks, from the genesis hash', () => {
    const recorded = hashAll(new ChainIndex(0), sparseLog(50));

    expect(verifyChain(recorded)).toEqual({ ok: true, checked: 50, lastHash: recorded[49].hash });
  });

  it('starts the chain of a log that begins later in the database at the genesis hash', () => {
    const index = new ChainIndex(5000);
    const recorded = hashAll(index, sparseLog(10, 5000));

    expect(index.pointAtOrBefore(10)).toEqual({ position: 5000, hash: GENESIS_HASH, sinceAnchor: 0 });
    expect(verifyChain(recorded, GENESIS_HASH, 5000).ok).toBe(true);
  });

  it('resumes from an anchor with the same hashes as from the start', () => {
    const log = sparseLog(2500);
    const first = new ChainIndex(0, 1000, 10);
    const expected = hashAll(first, log);

    expect(first.anchorCount).toBe(3);
    const target = log[1700].position;
    const anchor = first.pointAtOrBefore(target - 1);
    expect(anchor.position).toBeLessThan(target);
    const resumed = hashAll(
      first,
      log.filter((e) => e.position > anchor.position && e.position <= target),
      anchor,
    );
    expect(resumed.at(-1)).toEqual(expected[1700]);
  });

  it('remembers the hashes of recent events only, up to its limit', () => {
    const index = new ChainIndex(0, 1000, 10);
    const recorded = hashAll(index, sparseLog(30));

    expect(index.hashAt(recorded[29].position)).toBe(recorded[29].hash);
    expect(index.hashAt(recorded[20].position)).toBe(recorded[20].hash);
    expect(index.hashAt(recorded[19].position)).toBeUndefined();
    expect(index.pointAtOrBefore(recorded[25].position)).toMatchObject({ position: recorded[25].position, hash: recorded[25].hash });
  });

  it('never starts a read after the position asked for', () => {
    const index = new ChainIndex(0, 7, 5);
    const log = sparseLog(100);
    hashAll(index, log);

    fc.assert(
      fc.property(fc.integer({ min: 0, max: log[99].position + 500 }), (position) => {
        expect(index.pointAtOrBefore(position).position).toBeLessThanOrEqual(position);
      }),
    );
  });

  it('refuses to hash an event that does not follow the point', () => {
    const index = new ChainIndex(0);
    const [event] = sparseLog(1);

    expect(() => index.extend({ position: event.position, hash: GENESIS_HASH, sinceAnchor: 0 }, event)).toThrow('does not follow');
  });
});
