import fc from 'fast-check';
import { GENESIS_HASH, RecordedEvent, hashEvent, verifyChain } from '@cocrea/event-store';
import { GENESIS, verifyLog } from './chain-verification';

/** A log of `count` events chained from the genesis, as the store records them. */
const logOf = (count: number, from = GENESIS): RecordedEvent[] => {
  const events: RecordedEvent[] = [];
  let previous = from.hash;
  for (let position = from.position + 1; position <= from.position + count; position++) {
    const content = {
      id: `event-${position}`,
      streamId: `note-${position % 7}`,
      type: 'NoteWritten',
      data: { text: `note ${position}`, tags: ['a', 'ñ'], nested: { b: 1, a: [position, null] } },
      metadata: { actorId: 'ana', roles: ['member'] },
      revision: Math.ceil(position / 7),
      position,
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, position)).toISOString(),
    };
    previous = hashEvent(content, previous);
    events.push({ ...content, hash: previous });
  }
  return events;
};

/** Recomputes every hash from `index` on: what someone who rewrites the log and its chain would do. */
const rechain = (events: RecordedEvent[], index: number): RecordedEvent[] => {
  const result = events.slice();
  for (let i = index; i < result.length; i++) {
    result[i] = { ...result[i], hash: hashEvent(result[i], i === 0 ? GENESIS_HASH : result[i - 1].hash) };
  }
  return result;
};

async function* pages<T>(items: readonly T[], sizes: number[] = [items.length]): AsyncGenerator<T[]> {
  let start = 0;
  for (let i = 0; start < items.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]);
    yield items.slice(start, start + size);
    start += size;
  }
}

describe('verifying the log page by page', () => {
  const log = logOf(200);

  it('verifies an intact log and ends at its head', async () => {
    const result = await verifyLog(pages(log, [64]));
    expect(result).toEqual({ ok: true, checked: 200, last: { position: 200, hash: log[199].hash } });
  });

  it('verifies an empty log as intact at the genesis', async () => {
    expect(await verifyLog(pages([]))).toEqual({ ok: true, checked: 0, last: GENESIS });
  });

  it('agrees with verifyChain over the whole log however the pages are cut, intact or tampered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        fc.option(fc.integer({ min: 0, max: 199 }), { nil: undefined }),
        async (sizes, tampered) => {
          const events = tampered === undefined ? log : log.map((e, i) => (i === tampered ? { ...e, data: { text: 'rewritten' } } : e));
          const whole = verifyChain(events);
          const paged = await verifyLog(pages(events, sizes));
          expect(paged).toMatchObject({ ok: whole.ok, checked: whole.checked, last: { hash: whole.lastHash } });
          expect(paged.firstBadPosition).toBe(tampered === undefined ? undefined : tampered + 1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names an edited field, a missing event and a reordered event by the first position that breaks', async () => {
    const edited = log.map((e) => (e.position === 50 ? { ...e, metadata: { ...e.metadata, actorId: 'mallory' } } : e));
    expect(await verifyLog(pages(edited, [30]))).toMatchObject({
      ok: false,
      checked: 49,
      firstBadPosition: 50,
      reason: 'its hash does not follow from the event before it',
      last: { position: 49 },
    });
    const missing = log.filter((e) => e.position !== 80);
    expect(await verifyLog(pages(missing, [30]))).toMatchObject({
      ok: false,
      checked: 79,
      firstBadPosition: 81,
      reason: expect.stringMatching(/jump from 79 to 81: an event is missing or out of order/),
    });
    const swapped = log.slice();
    [swapped[9], swapped[10]] = [swapped[10], swapped[9]];
    expect(await verifyLog(pages(swapped, [30]))).toMatchObject({ ok: false, checked: 9, firstBadPosition: 11 });
    const repeated = [...log.slice(0, 20), log[10], ...log.slice(20)];
    expect(await verifyLog(pages(repeated))).toMatchObject({
      ok: false,
      checked: 20,
      firstBadPosition: 11,
      reason: expect.stringMatching(/position 11 comes after position 20/),
    });
  });

  it('verifies an excerpt from the hash of the event before it, and nothing else', async () => {
    const excerpt = log.slice(100);
    expect(await verifyLog(pages(excerpt), { from: { position: 100, hash: log[99].hash } })).toMatchObject({ ok: true, checked: 100 });
    expect(await verifyLog(pages(excerpt))).toMatchObject({ ok: false, checked: 0, firstBadPosition: 101 });
    expect(await verifyLog(pages(excerpt), { from: { position: 100, hash: log[98].hash } })).toMatchObject({
      ok: false,
      firstBadPosition: 101,
    });
  });
});

describe('holding the log against an earlier checkpoint', () => {
  const log = logOf(300);
  const checkpoint = { position: 120, hash: log[119].hash };

  it('confirms a log that grew after the checkpoint', async () => {
    const result = await verifyLog(pages(log, [50]), { checkpoint });
    expect(result).toMatchObject({ ok: true, checked: 300, checkpoint: { ...checkpoint, extended: true } });
  });

  it('catches a rewrite whose chain was recomputed: the chain alone verifies, the checkpoint does not', async () => {
    const rewritten = rechain(
      log.map((e) => (e.position === 60 ? { ...e, data: { text: 'history rewritten' } } : e)),
      59,
    );
    expect(await verifyLog(pages(rewritten))).toMatchObject({ ok: true, checked: 300 });
    const result = await verifyLog(pages(rewritten, [50]), { checkpoint });
    expect(result.ok).toBe(false);
    expect(result.firstBadPosition).toBeUndefined();
    expect(result.checkpoint).toEqual({
      ...checkpoint,
      extended: false,
      reason: expect.stringMatching(/position 120 has hash [0-9a-f]{64}: the log was rewritten at or before it/),
    });
  });

  it('catches a log cut short before the checkpoint', async () => {
    const result = await verifyLog(pages(log.slice(0, 100)), { checkpoint });
    expect(result).toMatchObject({
      ok: false,
      checkpoint: { extended: false, reason: 'the log ends at position 100, before the checkpoint' },
    });
  });

  it('does not confirm a checkpoint that lies beyond a break in the chain', async () => {
    const broken = log.map((e) => (e.position === 90 ? { ...e, type: 'Other' } : e));
    const result = await verifyLog(pages(broken, [50]), { checkpoint });
    expect(result).toMatchObject({
      ok: false,
      firstBadPosition: 90,
      checkpoint: { extended: false, reason: 'the chain breaks at position 90, before the checkpoint' },
    });
  });

  it('confirms a checkpoint before a later break, while the log as a whole fails', async () => {
    const broken = log.map((e) => (e.position === 250 ? { ...e, recordedAt: '2030-01-01T00:00:00.000Z' } : e));
    expect(await verifyLog(pages(broken, [50]), { checkpoint })).toMatchObject({
      ok: false,
      firstBadPosition: 250,
      checkpoint: { extended: true },
    });
  });

  it('finds no event at a position the log skips', async () => {
    const gapped = logOf(10).filter((e) => e.position !== 5);
    const result = await verifyLog(pages(rechain(gapped, 4)), { checkpoint: { position: 5, hash: GENESIS_HASH } });
    expect(result).toMatchObject({ ok: false, checkpoint: { extended: false, reason: 'the log holds no event at position 5' } });
  });

  it('holds a checkpoint taken while the log was empty (position 0, the genesis hash) against any log', async () => {
    expect(await verifyLog(pages(log), { checkpoint: GENESIS })).toMatchObject({ ok: true, checkpoint: { extended: true } });
  });
});
