import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@cocrea/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { RebuildReadModels, ServingReadModels } from './read-models';

/** Counts events per stream; throws on an event of type 'Poison' while `poisoned` is set. */
const counter = (name: string, state = { poisoned: false }): Projection => ({
  name,
  apply(event: RecordedEvent, models) {
    if (event.type === 'Poison' && state.poisoned) throw new Error('poisoned');
    const current = models.get<{ count: number; positions: number[] }>('counts', event.streamId) ?? { count: 0, positions: [] };
    models.put('counts', event.streamId, { count: current.count + 1, positions: [...current.positions, event.position] });
  },
});

describe('ProjectionRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cocrea-runner-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.db'), synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (stream: string, count: number, type = 'Happened') =>
    Promise.all(Array.from({ length: count }, () => store.appendToStream(stream, [{ type, data: {} }])));

  it('applies every event once, and resumes after a restart from its checkpoint without applying any twice', async () => {
    await append('s-1', 30);
    let models = new ServingReadModels(join(dir, 'read.db'));
    let runner = new ProjectionRunner(store, models);
    runner.register(counter('counts'));
    runner.start();
    expect(await runner.waitFor(30, 5000)).toBe(true);
    await runner.stop();
    models.close();

    await append('s-1', 20);
    models = new ServingReadModels(join(dir, 'read.db'));
    runner = new ProjectionRunner(store, models);
    runner.register(counter('counts'));
    expect(models.checkpoint('counts')).toBe(30);
    runner.start();
    expect(await runner.waitFor(50, 5000)).toBe(true);
    const counted = models.get<{ count: number; positions: number[] }>('counts', 's-1')!;
    expect(counted.count).toBe(50);
    expect(counted.positions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await runner.stop();
    models.close();
  });

  it('keeps a failed batch out of the read models and the checkpoint, and reports the failure', async () => {
    const models = new ServingReadModels(join(dir, 'read.db'));
    const runner = new ProjectionRunner(store, models);
    const poison = { poisoned: true };
    runner.register(counter('counts', poison));
    await store.appendToStream('s-1', [
      { type: 'Happened', data: {} },
      { type: 'Happened', data: {} },
      { type: 'Poison', data: {} },
    ]);
    runner.start();
    expect(await runner.waitFor(3, 300)).toBe(false);
    expect(runner.failed).toBeInstanceOf(Error);
    // The two good events were in the failed batch: neither they nor the checkpoint were committed.
    expect(models.get('counts', 's-1')).toBeUndefined();
    expect(models.checkpoint('counts')).toBe(0);
    await runner.stop();
    models.close();
  });

  it('waits for a position until it is applied, and gives up after the timeout', async () => {
    const models = new ServingReadModels(join(dir, 'read.db'));
    const runner = new ProjectionRunner(store, models);
    runner.register(counter('counts'));
    runner.start();
    const waiting = runner.waitFor(5, 5000);
    expect(await runner.waitFor(6, 50)).toBe(false);
    await append('s-2', 5);
    expect(await waiting).toBe(true);
    expect(models.get<{ count: number }>('counts', 's-2')!.count).toBe(5);
    await runner.stop();
    models.close();
  });

  it('rebuilds from the log, into a rebuild of the read models, what the serving read models made of it live', async () => {
    await append('s-1', 12);
    await append('s-2', 7);
    const live = new ServingReadModels(join(dir, 'read.db'));
    const runner = new ProjectionRunner(store, live);
    runner.register(counter('counts'));
    runner.start();
    expect(await runner.waitFor(19, 5000)).toBe(true);
    await runner.stop();

    const rebuilt = new RebuildReadModels(join(dir, 'rebuilt.db'));
    const rebuilder = new ProjectionRunner(store, rebuilt);
    rebuilder.register(counter('counts'));
    expect(await rebuilder.rebuild(5)).toBe(19);
    await rebuilt.finish();
    const reopened = new ServingReadModels(join(dir, 'rebuilt.db'));
    expect(reopened.dump()).toEqual(live.dump());
    expect(reopened.checkpoint('counts')).toBe(19);
    reopened.close();
    live.close();
  });
});
