import fc from 'fast-check';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  WrongExpectedRevisionError,
  matchesExpectedRevision,
} from '../event-store';
import { GENESIS_HASH, verifyChain } from '../hash-chain';

/** One adapter under test, on storage of its own. */
export interface EventStoreUnderTest {
  /** Opens the store on its storage (empty at first). */
  open(): Promise<EventStore>;
  /** Closes the store last opened and opens the same durable storage again. Omit if not durable. */
  reopen?(): Promise<EventStore>;
  /** Closes whatever is open and frees the storage. */
  dispose?(): Promise<void>;
  /** What the adapter's engine can promise beyond the port's minimum (both default to true). */
  capabilities?: EventStoreCapabilities;
}

export interface EventStoreCapabilities {
  /**
   * Positions are 1, 2, 3... with no gap (SQLite, PostgreSQL). Otherwise they are only strictly increasing
   * (EventStoreDB: log offsets), and the suite names the n-th event of the log by the position it was given.
   */
  densePositions?: boolean;
  /**
   * Conditions on other streams are checked in the same transaction as the append. Otherwise (EventStoreDB)
   * they are checked just before it, and a racing move of the other stream may still come first.
   */
  atomicConditions?: boolean;
}

/** Called once per test (and once per property run): each gets fresh, empty storage. */
export type EventStoreFactory = () => EventStoreUnderTest;

const event = (type: string, data: unknown = {}, metadata?: NewEvent['metadata']): NewEvent => ({ type, data, metadata });

const numbered = (count: number, type = 'Numbered'): NewEvent[] => Array.from({ length: count }, (_, i) => event(type, { n: i + 1 }));

/** The whole log, read page by page (adapters may cap a page). */
const readWholeLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all.at(-1)?.position ?? 0, maxCount: 500 });
    if (page.length === 0) return all;
    all.push(...page);
  }
};

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

const eventually = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Revisions 1..n per stream and strictly increasing positions, 1..N where positions are dense. */
const expectGapFreeLog = (log: RecordedEvent[], densePositions = true): void => {
  const positions = log.map((e) => e.position);
  if (densePositions) expect(positions).toEqual(range(1, log.length));
  else positions.slice(1).forEach((position, i) => expect(position).toBeGreaterThan(positions[i]));
  const byStream = new Map<string, number[]>();
  for (const e of log) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
  for (const revisions of byStream.values()) expect(revisions).toEqual(range(1, revisions.length));
};

const expectWrongRevision = async (append: Promise<unknown>, streamId: string, actual: number): Promise<void> => {
  const error = await append.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamId, actual });
};

/**
 * The behaviour every EventStore adapter must show (SQLite, PostgreSQL, EventStoreDB; `capabilities` say where
 * an adapter may differ).
 * Run it from the adapter's spec with a factory that hands out fresh storage.
 */
export const describeEventStoreContract = (name: string, factory: EventStoreFactory): void => {
  describe(`${name} event store contract`, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore;
    const dense = () => subject.capabilities?.densePositions !== false;
    const gapFree = (log: RecordedEvent[]) => expectGapFreeLog(log, dense());
    /** The position of the n-th event of the log (n where positions are dense), 0 for none. */
    const nth = async (n: number): Promise<number> => (n === 0 ? 0 : (await readWholeLog(store))[n - 1].position);

    beforeEach(async () => {
      subject = factory();
      store = await subject.open();
    });

    afterEach(async () => {
      if (subject.dispose) await subject.dispose();
      else await store.close();
    });

    describe('appending', () => {
      it('numbers a stream 1..n and answers the last revision and position', async () => {
        const first = await store.appendToStream('plan-1', numbered(3));
        const second = await store.appendToStream('plan-1', numbered(2));

        expect(first).toEqual({ streamId: 'plan-1', revision: 3, position: await nth(3) });
        expect(second).toEqual({ streamId: 'plan-1', revision: 5, position: await nth(5) });
        expect((await store.readStream('plan-1')).map((e) => e.revision)).toEqual([1, 2, 3, 4, 5]);
      });

      it('keeps positions strictly increasing and gap-free across streams', async () => {
        for (let round = 0; round < 4; round++) {
          for (const streamId of ['plan-a', 'plan-b', 'plan-c']) await store.appendToStream(streamId, numbered(round + 1));
        }

        const log = await readWholeLog(store);
        expect(log).toHaveLength(30);
        gapFree(log);
        expect(await store.headPosition()).toBe(log[29].position);
        expect(await store.streamRevision('plan-b')).toEqual({
          revision: 10,
          position: log.filter((e) => e.streamId === 'plan-b').at(-1)!.position,
        });
      });

      it('records what was given, with a unique id, the time and a hash', async () => {
        const before = Date.now();
        await store.appendToStream('plan-1', [
          event(
            'PlanDrafted',
            { title: 'Open budget', tags: ['a', 'b'], nested: { z: 1, a: null } },
            { actorId: 'ada', roles: ['editor'] },
          ),
          event('PlanRenamed', { title: 'Öffentlicher Haushalt ✓' }),
        ]);

        const [drafted, renamed] = await store.readStream('plan-1');
        expect(drafted).toMatchObject({
          streamId: 'plan-1',
          type: 'PlanDrafted',
          data: { title: 'Open budget', tags: ['a', 'b'], nested: { z: 1, a: null } },
          metadata: { actorId: 'ada', roles: ['editor'] },
          revision: 1,
          position: await nth(1),
        });
        expect(renamed.data).toEqual({ title: 'Öffentlicher Haushalt ✓' });
        expect(renamed.metadata).toEqual({});
        expect(drafted.id).not.toBe(renamed.id);
        expect(drafted.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(Date.parse(drafted.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(drafted.recordedAt)).toBeLessThanOrEqual(Date.now() + 1000);
      });

      it('appends nothing for an empty list and answers the stream as it stands', async () => {
        await store.appendToStream('plan-1', numbered(2));

        expect(await store.appendToStream('plan-1', [], { expectedRevision: 2 })).toMatchObject({ revision: 2, position: await nth(2) });
        expect(await store.headPosition()).toBe(await nth(2));
      });

      it('rejects an append from 20 parallel writers at the same expected revision but one', async () => {
        await store.appendToStream('proposal-1', [event('ProposalDrafted')]);

        const outcomes = await Promise.allSettled(
          range(1, 20).map((writer) => store.appendToStream('proposal-1', [event('SectionEdited', { writer })], { expectedRevision: 1 })),
        );

        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        losers.forEach((loser) => expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError));
        expect(await store.streamRevision('proposal-1')).toEqual({ revision: 2, position: await nth(2) });
      });

      it("lets only one of 20 parallel 'no-stream' appends create the stream", async () => {
        const outcomes = await Promise.allSettled(
          range(1, 20).map((writer) =>
            store.appendToStream('proposal-1', [event('ProposalDrafted', { writer })], { expectedRevision: 'no-stream' }),
          ),
        );

        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await readWholeLog(store)).toHaveLength(1);
      });

      it('accepts parallel appends to different streams, each at its own position', async () => {
        const results = await Promise.all(
          range(1, 20).map((n) => store.appendToStream(`proposal-${n}`, numbered(2), { expectedRevision: 'no-stream' })),
        );

        expect(new Set(results.map((r) => r.position)).size).toBe(20);
        gapFree(await readWholeLog(store));
      });
    });

    describe('expected revision', () => {
      const cases: Array<{ expected: ExpectedRevision; emptyOk: boolean; atTwoOk: boolean }> = [
        { expected: 'no-stream', emptyOk: true, atTwoOk: false },
        { expected: 'exists', emptyOk: false, atTwoOk: true },
        { expected: 'any', emptyOk: true, atTwoOk: true },
        { expected: 0, emptyOk: true, atTwoOk: false },
        { expected: 1, emptyOk: false, atTwoOk: false },
        { expected: 2, emptyOk: false, atTwoOk: true },
        { expected: 3, emptyOk: false, atTwoOk: false },
      ];

      it.each(cases)('$expected on an empty stream: accepted $emptyOk', async ({ expected, emptyOk }) => {
        const append = store.appendToStream('plan-1', [event('PlanDrafted')], { expectedRevision: expected });

        if (emptyOk) expect(await append).toMatchObject({ revision: 1, position: await nth(1) });
        else await expectWrongRevision(append, 'plan-1', 0);
        expect(await store.headPosition()).toBe(await nth(emptyOk ? 1 : 0));
      });

      it.each(cases)('$expected on a stream at revision 2: accepted $atTwoOk', async ({ expected, atTwoOk }) => {
        await store.appendToStream('plan-1', numbered(2));
        await store.appendToStream('other', numbered(1));

        const append = store.appendToStream('plan-1', [event('PlanRenamed'), event('PlanPublished')], { expectedRevision: expected });

        if (atTwoOk) expect(await append).toEqual({ streamId: 'plan-1', revision: 4, position: await nth(5) });
        else await expectWrongRevision(append, 'plan-1', 2);
        expect((await store.streamRevision('plan-1')).revision).toBe(atTwoOk ? 4 : 2);
        expect(await store.headPosition()).toBe(await nth(atTwoOk ? 5 : 3));
      });

      it("treats no expected revision as 'any'", async () => {
        await store.appendToStream('plan-1', numbered(2));

        expect(await store.appendToStream('plan-1', numbered(1))).toMatchObject({ revision: 3 });
      });

      it('tells the expected and the actual revision when it refuses', async () => {
        await store.appendToStream('plan-1', numbered(2));

        await expect(store.appendToStream('plan-1', numbered(1), { expectedRevision: 5 })).rejects.toMatchObject({
          name: 'WrongExpectedRevisionError',
          streamId: 'plan-1',
          expected: 5,
          actual: 2,
        });
      });
    });

    describe('conditions on other streams', () => {
      it('appends while the other streams are at the given revisions (0 for one that does not exist)', async () => {
        await store.appendToStream('consultation-1', [event('ConsultationOpened')]);

        const result = await store.appendToStream('ballot-1', [event('BallotCast')], {
          expectedRevision: 'no-stream',
          conditions: [
            { streamId: 'consultation-1', revision: 1 },
            { streamId: 'never-written', revision: 0 },
          ],
        });

        expect(result).toEqual({ streamId: 'ballot-1', revision: 1, position: await nth(2) });
      });

      it('refuses the append once another stream has moved, naming that stream', async () => {
        await store.appendToStream('consultation-1', [event('ConsultationOpened')]);
        await store.appendToStream('consultation-1', [event('ConsultationClosed')]);

        const append = store.appendToStream('ballot-1', [event('BallotCast')], {
          expectedRevision: 'no-stream',
          conditions: [{ streamId: 'consultation-1', revision: 1 }],
        });

        await expectWrongRevision(append, 'consultation-1', 2);
        expect(await store.streamRevision('ballot-1')).toEqual({ revision: 0, position: 0 });
        expect(await store.headPosition()).toBe(await nth(2));
      });

      it('orders a conditional append and a racing move of the other stream consistently', async () => {
        await store.appendToStream('consultation-1', [event('ConsultationOpened')]);

        const [closed, ballots] = await Promise.all([
          store.appendToStream('consultation-1', [event('ConsultationClosed')], { expectedRevision: 1 }),
          Promise.allSettled(
            range(1, 10).map((n) =>
              store.appendToStream(`ballot-${n}`, [event('BallotCast')], { conditions: [{ streamId: 'consultation-1', revision: 1 }] }),
            ),
          ),
        ]);

        // A ballot recorded is one recorded before the consultation closed; a refused one saw it closed.
        // Without atomic conditions, a ballot checked just before the close may still be recorded after it.
        const atomic = subject.capabilities?.atomicConditions !== false;
        for (const ballot of ballots) {
          if (ballot.status === 'fulfilled') {
            if (atomic) expect(ballot.value.position).toBeLessThan(closed.position);
          } else expect(ballot.reason).toMatchObject({ streamId: 'consultation-1', actual: 2 });
        }
        const recorded = (await readWholeLog(store)).filter((e) => e.type === 'BallotCast');
        expect(recorded).toHaveLength(ballots.filter((b) => b.status === 'fulfilled').length);
      });
    });

    describe('idempotent commands', () => {
      it('answers a retry with the first result, marked duplicate, and appends nothing', async () => {
        const first = await store.appendToStream('plan-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-1' });
        await store.appendToStream('plan-2', numbered(1));

        // The retry comes with the now stale expected revision: it must still be recognised, not refused.
        const retry = await store.appendToStream('plan-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-1' });

        expect(first).toEqual({ streamId: 'plan-1', revision: 2, position: await nth(2) });
        expect(retry).toEqual({ ...first, duplicate: true });
        expect(await store.headPosition()).toBe(await nth(3));
        expect(await store.findCommand('cmd-1')).toMatchObject({ streamId: 'plan-1', revision: 2, position: await nth(2) });
        expect(await store.findCommand('cmd-unknown')).toBeUndefined();
      });

      it('appends once when two retries of a command race', async () => {
        await store.appendToStream('plan-1', numbered(1));

        const results = await Promise.all([
          store.appendToStream('plan-1', [event('PlanRenamed')], { expectedRevision: 1, commandId: 'cmd-rename' }),
          store.appendToStream('plan-1', [event('PlanRenamed')], { expectedRevision: 1, commandId: 'cmd-rename' }),
          store.appendToStream('plan-1', [event('PlanRenamed')], { expectedRevision: 1, commandId: 'cmd-rename' }),
        ]);

        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        const position = await nth(2);
        results.forEach((r) => expect(r).toMatchObject({ streamId: 'plan-1', revision: 2, position }));
        expect(await store.readStream('plan-1')).toHaveLength(2);
      });

      it('records no command for a refused append, so a corrected retry is appended', async () => {
        await store.appendToStream('plan-1', numbered(1));

        await expectWrongRevision(store.appendToStream('plan-1', numbered(1), { expectedRevision: 0, commandId: 'cmd-1' }), 'plan-1', 1);
        expect(await store.findCommand('cmd-1')).toBeUndefined();
        const corrected = await store.appendToStream('plan-1', numbered(1), { expectedRevision: 1, commandId: 'cmd-1' });
        expect(corrected).toEqual({ streamId: 'plan-1', revision: 2, position: await nth(2) });
      });
    });

    describe('appends arriving together', () => {
      it('refuses one append without affecting the others', async () => {
        await store.appendToStream('plan-1', numbered(1));

        const [a, refused, c, d] = await Promise.allSettled([
          store.appendToStream('plan-2', numbered(2), { expectedRevision: 'no-stream' }),
          store.appendToStream('plan-1', numbered(3), { expectedRevision: 'no-stream' }),
          store.appendToStream('plan-1', numbered(1), { expectedRevision: 1 }),
          store.appendToStream('plan-3', numbered(1), {
            conditions: [
              { streamId: 'plan-2', revision: 0 },
              { streamId: 'nowhere', revision: 0 },
            ],
          }),
        ]);

        expect(a.status).toBe('fulfilled');
        expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
        expect(c.status).toBe('fulfilled');
        // d raced plan-2's creation: either it came first (accepted) or it saw plan-2 and was refused.
        const log = await readWholeLog(store);
        gapFree(log);
        expect(log).toHaveLength(1 + 2 + 1 + (d.status === 'fulfilled' ? 1 : 0));
        expect(log.filter((e) => e.streamId === 'plan-1').map((e) => e.data)).toEqual([{ n: 1 }, { n: 1 }]);
      });

      it('keeps the hash chain intact across refused appends', async () => {
        await Promise.allSettled(
          range(1, 30).map((n) =>
            store.appendToStream(`plan-${n % 3}`, numbered(1 + (n % 2)), { expectedRevision: n % 4 === 0 ? 1 : 'any' }),
          ),
        );

        const log = await readWholeLog(store);
        gapFree(log);
        expect(verifyChain(log)).toMatchObject({ ok: true, checked: log.length });
      });
    });

    describe('reading', () => {
      // plan-1 gets revisions 1..5 as the log's events 1, 3, 5, 7, 9; other streams fill the even ones.
      // at(n) is the position of the log's n-th event: n itself where positions are dense.
      let at: (n: number) => number;
      beforeEach(async () => {
        for (let n = 1; n <= 5; n++) {
          await store.appendToStream('plan-1', [event('Numbered', { n })]);
          await store.appendToStream(`other-${n}`, [event('Other')]);
        }
        const log = await readWholeLog(store);
        at = (n) => (n === 0 ? 0 : log[n - 1].position);
      });

      const revisionsOf = (events: RecordedEvent[]) => events.map((e) => e.revision);

      it('reads a stream forwards from a revision, up to a count', async () => {
        expect(revisionsOf(await store.readStream('plan-1'))).toEqual([1, 2, 3, 4, 5]);
        expect(revisionsOf(await store.readStream('plan-1', { fromRevision: 3 }))).toEqual([3, 4, 5]);
        expect(revisionsOf(await store.readStream('plan-1', { fromRevision: 2, maxCount: 2 }))).toEqual([2, 3]);
        expect(revisionsOf(await store.readStream('plan-1', { fromRevision: 6 }))).toEqual([]);
      });

      it('reads a stream backwards from a revision, up to a count', async () => {
        expect(revisionsOf(await store.readStream('plan-1', { direction: 'backwards' }))).toEqual([5, 4, 3, 2, 1]);
        expect(revisionsOf(await store.readStream('plan-1', { direction: 'backwards', fromRevision: 3 }))).toEqual([3, 2, 1]);
        expect(revisionsOf(await store.readStream('plan-1', { direction: 'backwards', maxCount: 1 }))).toEqual([5]);
      });

      it('reads a stream as it was at a position', async () => {
        expect(revisionsOf(await store.readStream('plan-1', { toPosition: at(6) }))).toEqual([1, 2, 3]);
        expect(revisionsOf(await store.readStream('plan-1', { toPosition: at(5) }))).toEqual([1, 2, 3]);
        expect(revisionsOf(await store.readStream('plan-1', { direction: 'backwards', toPosition: at(4) }))).toEqual([2, 1]);
        expect(revisionsOf(await store.readStream('plan-1', { toPosition: 0 }))).toEqual([]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream('nowhere')).toEqual([]);
        expect(await store.streamRevision('nowhere')).toEqual({ revision: 0, position: 0 });
      });

      it('reads the log after a position, up to a count', async () => {
        expect((await store.readAll({ after: at(3), maxCount: 2 })).map((e) => e.position)).toEqual([at(4), at(5)]);
        expect((await store.readAll({ after: at(8) })).map((e) => e.position)).toEqual([at(9), at(10)]);
        expect(await store.readAll({ after: at(10) })).toEqual([]);
        expect((await store.readAll({ maxCount: 1 }))[0]).toMatchObject({ position: at(1), streamId: 'plan-1', data: { n: 1 } });
      });

      it('reads the events at given positions, in log order, skipping positions that hold none', async () => {
        const log = await readWholeLog(store);
        const wanted = [at(7), at(2), at(9), at(2)];

        expect(await store.readEventsAt(wanted)).toEqual([log[1], log[6], log[8]]);
        expect(await store.readEventsAt([at(10) + 1_000, at(3)])).toEqual([log[2]]);
        expect(await store.readEventsAt([])).toEqual([]);
      });

      it('reads the same events through readAll and readStream', async () => {
        const fromLog = (await readWholeLog(store)).filter((e) => e.streamId === 'plan-1');

        expect(await store.readStream('plan-1')).toEqual(fromLog);
      });

      it('answers the head position and each stream revision with its last position', async () => {
        expect(await store.headPosition()).toBe(at(10));
        expect(await store.streamRevision('plan-1')).toEqual({ revision: 5, position: at(9) });
        expect(await store.streamRevision('other-2')).toEqual({ revision: 1, position: at(4) });
      });
    });

    it('answers head position 0 on an empty store', async () => {
      expect(await store.headPosition()).toBe(0);
      expect(await store.readAll()).toEqual([]);
    });

    describe('subscribing to all', () => {
      it('catches up from a position, then follows what is appended', async () => {
        await store.appendToStream('plan-1', numbered(5));
        const seen: number[] = [];
        const subscription = store.subscribeToAll(await nth(2), (events) => {
          seen.push(...events.map((e) => e.position));
        });

        await eventually(() => seen.length === 3);
        await store.appendToStream('plan-2', numbered(2));
        await eventually(() => seen.length === 5);
        await subscription.stop();

        expect(seen).toEqual((await readWholeLog(store)).slice(2).map((e) => e.position));
        if (dense()) expect(seen).toEqual([3, 4, 5, 6, 7]);
      });

      it('delivers 2,000 events from racing writers once each, in order, to a subscription started mid-way', async () => {
        const writers = 5;
        const perWriter = 400;
        let acknowledged = 0;
        const writing = Promise.all(
          range(1, writers).map(async (writer) => {
            for (let revision = 0; revision < perWriter; revision++) {
              await store.appendToStream(`proposal-${writer}`, [event('SectionEdited', { writer, revision })], {
                expectedRevision: revision,
              });
              acknowledged++;
            }
          }),
        );
        await eventually(() => acknowledged >= 700);

        const seen: RecordedEvent[] = [];
        let handling = false;
        let overlapped = false;
        const subscription = store.subscribeToAll(0, async (events) => {
          overlapped ||= handling;
          handling = true;
          await pause(0); // a handler that yields must still not be called again before it settles
          seen.push(...events);
          handling = false;
        });
        await writing;
        const head = await store.headPosition();
        await eventually(() => (seen.at(-1)?.position ?? 0) >= head);
        await pause(50);
        await subscription.stop();

        const log = await readWholeLog(store);
        expect(overlapped).toBe(false);
        expect(log).toHaveLength(writers * perWriter);
        gapFree(log);
        expect(seen.map((e) => e.position)).toEqual(log.map((e) => e.position));
        expect(seen.map((e) => e.id)).toEqual(log.map((e) => e.id));
      });

      it('calls the handler no more once stopped', async () => {
        let calls = 0;
        const subscription = store.subscribeToAll(0, () => {
          calls++;
        });
        await store.appendToStream('plan-1', numbered(1));
        await eventually(() => calls === 1);

        await subscription.stop();
        await store.appendToStream('plan-1', numbered(3));
        await pause(200);

        expect(calls).toBe(1);
      });

      it('stops when the handler fails and reports the error', async () => {
        const failure = new Error('projection broke');
        const errors: unknown[] = [];
        let calls = 0;
        const subscription = store.subscribeToAll(
          0,
          () => {
            calls++;
            throw failure;
          },
          (error) => errors.push(error),
        );

        await store.appendToStream('plan-1', numbered(1));
        await eventually(() => errors.length === 1);
        await store.appendToStream('plan-1', numbered(1));
        await pause(200);
        await subscription.stop();

        expect(errors).toEqual([failure]);
        expect(calls).toBe(1);
      });
    });

    describe('hash chain', () => {
      const appendVariedEvents = async () => {
        await store.appendToStream('plan-1', [
          event(
            'PlanDrafted',
            { title: 'Budget', b: 2, a: 1, when: new Date('2026-03-01T10:00:00Z') },
            { actorId: 'ada', roles: ['editor'] },
          ),
          event('PlanNoted', { note: null, list: [3, { y: 1, x: undefined }], text: 'é\u2028"quoted"' }),
        ]);
        await Promise.all(range(1, 8).map((n) => store.appendToStream(`plan-${n}`, [event('Numbered', { n })])));
        await store.appendToStream('plan-1', [event('PlanClosed')], { commandId: 'close-1' });
      };

      it('verifies over the whole log, whatever the events held', async () => {
        await appendVariedEvents();

        const log = await readWholeLog(store);
        const verification = verifyChain(log);

        expect(verification).toEqual({ ok: true, checked: log.length, lastHash: log.at(-1)!.hash });
        expect(log[0].data).toEqual({ title: 'Budget', b: 2, a: 1, when: '2026-03-01T10:00:00.000Z' });
      });

      it('reads in pages ahead exactly what readAll reads, whatever the events held', async () => {
        await appendVariedEvents();
        const log = await readWholeLog(store);
        const pages: RecordedEvent[][] = [];
        for await (const page of store.readAllPages(0, 3)) pages.push(page);

        expect(pages.flat()).toEqual(log);
        expect(pages.map((page) => page.length)).toEqual(
          range(0, Math.ceil(log.length / 3) - 1).map((i) => Math.min(3, log.length - 3 * i)),
        );
        expect(verifyChain(pages.flat())).toMatchObject({ ok: true, checked: log.length });
      });

      it('reads in pages from a position, and stops reading when the reader stops', async () => {
        await appendVariedEvents();
        const log = await readWholeLog(store);
        const seen: RecordedEvent[] = [];
        for await (const page of store.readAllPages(log[1].position, 2)) {
          seen.push(...page);
          if (seen.length >= 4) break;
        }

        expect(seen).toEqual(log.slice(2, 6));
        await store.appendToStream('plan-1', [event('StillWritable')]);
        const after: RecordedEvent[] = [];
        for await (const page of store.readAllPages(log.at(-1)!.position, 100)) after.push(...page);
        expect(after.map((e) => e.type)).toEqual(['StillWritable']);
      });

      it('verifies a log read in pages, each page continuing from the last hash', async () => {
        await appendVariedEvents();

        const firstPage = await store.readAll({ maxCount: 4 });
        const fourth = firstPage[3].position;
        const rest = await store.readAll({ after: fourth });
        const first = verifyChain(firstPage);

        expect(verifyChain(rest, first.lastHash, fourth)).toMatchObject({ ok: true, checked: rest.length });
        expect(verifyChain(rest)).toMatchObject({ ok: false, firstBadPosition: rest[0].position });
      });

      const tamperings: Array<[string, (e: RecordedEvent) => RecordedEvent]> = [
        ['data', (e) => ({ ...e, data: { ...(e.data as object), n: 99 } })],
        ['metadata', (e) => ({ ...e, metadata: { ...e.metadata, actorId: 'mallory' } })],
        ['type', (e) => ({ ...e, type: 'Forged' })],
        ['streamId', (e) => ({ ...e, streamId: 'plan-99' })],
        ['revision', (e) => ({ ...e, revision: e.revision + 1 })],
        ['recordedAt', (e) => ({ ...e, recordedAt: '2020-01-01T00:00:00.000Z' })],
        ['id', (e) => ({ ...e, id: '00000000-0000-7000-8000-000000000000' })],
        ['hash', (e) => ({ ...e, hash: GENESIS_HASH })],
      ];

      it.each(tamperings)('fails at the event whose %s was changed', async (_field, tamper) => {
        await appendVariedEvents();
        const log = await readWholeLog(store);
        const fifth = log[4].position;

        const tampered = log.map((e) => (e.position === fifth ? tamper(e) : e));

        expect(verifyChain(tampered)).toMatchObject({ ok: false, checked: 4, firstBadPosition: fifth });
      });

      it('fails where an event was removed', async () => {
        await appendVariedEvents();
        const log = await readWholeLog(store);

        expect(verifyChain(log.filter((e) => e !== log[4]))).toMatchObject({ ok: false, firstBadPosition: log[5].position });
      });
    });

    describe('durability', () => {
      const reopen = async (): Promise<EventStore> => {
        if (!subject.reopen) throw new Error('not durable');
        store = await subject.reopen();
        return store;
      };

      it('keeps every acknowledged event, command and revision across close and reopen', async () => {
        if (!subject.reopen) return; // an in-memory adapter has nothing to prove here
        const acknowledged = await Promise.all(
          range(1, 50).map((n) =>
            store.appendToStream(`proposal-${n % 7}`, [event('SectionEdited', { n }), event('SectionEdited', { n })], {
              commandId: `cmd-${n}`,
            }),
          ),
        );
        const before = await readWholeLog(store);

        await reopen();

        const after = await readWholeLog(store);
        expect(after).toEqual(before);
        for (const result of acknowledged) {
          const last = after.find((e) => e.position === result.position);
          expect(last).toMatchObject({ streamId: result.streamId, revision: result.revision });
        }
        expect(await store.findCommand('cmd-7')).toMatchObject(acknowledged[6]);
        expect(await store.appendToStream('anything', numbered(1), { commandId: 'cmd-7' })).toEqual({
          ...acknowledged[6],
          duplicate: true,
        });
        const lastOfStream = after.filter((e) => e.streamId === 'proposal-3').at(-1)!;
        expect(await store.streamRevision('proposal-3')).toEqual({ revision: lastOfStream.revision, position: lastOfStream.position });
      });

      it('continues positions, revisions and the hash chain after reopen', async () => {
        if (!subject.reopen) return;
        await store.appendToStream('plan-1', numbered(3));
        await store.appendToStream('plan-2', numbered(2));

        await reopen();
        await expectWrongRevision(store.appendToStream('plan-1', numbered(1), { expectedRevision: 'no-stream' }), 'plan-1', 3);
        const result = await store.appendToStream('plan-1', numbered(2), { expectedRevision: 3 });
        await reopen();
        await store.appendToStream('plan-2', numbered(1), { expectedRevision: 2 });

        expect(result).toEqual({ streamId: 'plan-1', revision: 5, position: await nth(7) });
        const log = await readWholeLog(store);
        gapFree(log);
        expect(verifyChain(log)).toMatchObject({ ok: true, checked: 8 });
      });
    });

    describe('any interleaving of writers (property)', () => {
      type PlannedAppend = { stream: number; expected: ExpectedRevision; events: number; yields: number };
      const plannedAppend: fc.Arbitrary<PlannedAppend> = fc.record({
        stream: fc.integer({ min: 0, max: 3 }),
        expected: fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no-stream', 'exists'), fc.integer({ min: 0, max: 6 })),
        events: fc.integer({ min: 1, max: 3 }),
        yields: fc.integer({ min: 0, max: 3 }),
      });
      // Several writers, each appending in sequence; yields shift where one writer's appends fall among the others'.
      const writers = fc.array(fc.array(plannedAppend, { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 5 });

      it('numbers each stream 1..n and the log 1..N, and every answer matches the log', async () => {
        await fc.assert(
          fc.asyncProperty(writers, async (plans) => {
            const run = factory();
            const target = await run.open();
            try {
              const accepted: Array<{ plan: PlannedAppend; result: AppendResult }> = [];
              await Promise.all(
                plans.map(async (plan) => {
                  for (const step of plan) {
                    for (let i = 0; i < step.yields; i++) await new Promise((resolve) => setImmediate(resolve));
                    const options: AppendOptions = { expectedRevision: step.expected };
                    try {
                      const result = await target.appendToStream(`stream-${step.stream}`, numbered(step.events), options);
                      accepted.push({ plan: step, result });
                    } catch (error) {
                      // A refusal must be a revision conflict that the expected revision really did not match.
                      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
                      const { expected, actual } = error as WrongExpectedRevisionError;
                      expect(matchesExpectedRevision(expected, actual)).toBe(false);
                    }
                  }
                }),
              );

              const log = await readWholeLog(target);
              expectGapFreeLog(log, run.capabilities?.densePositions !== false);
              expect(log).toHaveLength(accepted.reduce((sum, { plan }) => sum + plan.events, 0));
              for (const { plan, result } of accepted) {
                const index = log.findIndex((e) => e.position === result.position);
                const last = log[index];
                expect(last).toMatchObject({ streamId: `stream-${plan.stream}`, revision: result.revision });
                const first = log[index - plan.events + 1];
                expect(first).toMatchObject({ streamId: `stream-${plan.stream}`, revision: result.revision - plan.events + 1 });
                expect(matchesExpectedRevision(plan.expected, result.revision - plan.events)).toBe(true);
              }
              expect(verifyChain(log).ok).toBe(true);
            } finally {
              if (run.dispose) await run.dispose();
              else await target.close();
            }
          }),
          { numRuns: 40 },
        );
      });
    });
  });
};
