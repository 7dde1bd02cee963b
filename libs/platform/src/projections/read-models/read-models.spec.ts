import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadModelStore } from './read-models';
import { RebuildReadModels } from './rebuild-read-models';
import { ServingReadModels } from './serving-read-models';

type Doc = { n: number; planId?: string };
type Operation =
  | { op: 'put'; id: string; n: number; planId: string }
  | { op: 'update'; id: string }
  | { op: 'delete'; id: string }
  | { op: 'find'; planId?: string }
  | { op: 'feed'; feed: string; n: number }
  | { op: 'commit' };

/** Applies the operations, each on its own (`batched` false) or in transactions cut at each 'commit'; returns what find saw. */
const run = (models: ReadModelStore, operations: Operation[], batched: boolean): unknown[] => {
  const seen: unknown[] = [];
  let position = 0;
  const apply = (operation: Operation) => {
    switch (operation.op) {
      case 'put':
        return models.put<Doc>('docs', operation.id, { n: operation.n, planId: operation.planId });
      case 'update':
        return models.update<Doc>('docs', operation.id, (doc) => ({ ...doc, n: doc.n + 1 }));
      case 'delete':
        return models.delete('docs', operation.id);
      case 'find':
        return seen.push(models.find('docs', operation.planId === undefined ? {} : { planId: operation.planId }), models.get('docs', 'a'));
      case 'feed':
        return models.appendToFeed(operation.feed, (position += 1 + operation.n));
    }
  };
  if (!batched) operations.forEach(apply);
  else {
    let start = 0;
    operations.forEach((operation, i) => {
      if (operation.op !== 'commit' && i < operations.length - 1) return;
      models.transaction(() => operations.slice(start, i + 1).forEach(apply));
      start = i + 1;
    });
  }
  return seen;
};

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('put' as const), id: fc.constantFrom('a', 'b', 'c', 'd'), n: fc.nat(9), planId: fc.constantFrom('p', 'q') }),
  fc.record({ op: fc.constant('update' as const), id: fc.constantFrom('a', 'b', 'c', 'd') }),
  fc.record({ op: fc.constant('delete' as const), id: fc.constantFrom('a', 'b', 'c', 'd') }),
  fc.record({ op: fc.constant('find' as const), planId: fc.option(fc.constantFrom('p', 'q'), { nil: undefined }) }),
  fc.record({ op: fc.constant('feed' as const), feed: fc.constantFrom('room:1', 'room:2'), n: fc.nat(9) }),
  fc.constant({ op: 'commit' as const }),
);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cocrea-read-models-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ServingReadModels', () => {
  it('makes the same documents, feeds and find results inside transactions as outside them, for any operations', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const direct = new ServingReadModels(':memory:');
        const batched = new ServingReadModels(':memory:');
        try {
          expect(run(batched, operations, true)).toEqual(run(direct, operations, false));
          expect(batched.dump()).toEqual(direct.dump());
        } finally {
          direct.close();
          batched.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds by the fields a projection declares through an index of that collection alone', () => {
    const file = join(dir, 'indexed.db');
    const models = new ServingReadModels(file);
    models.defineIndexes([
      { collection: 'consultation-tallies', fields: ['planId'] },
      { collection: 'comments', fields: ['targetType', 'targetId'] },
    ]);
    models.transaction(() => {
      models.put('comments', 'c1', { targetType: 'proposal', targetId: 'p1' });
      models.put('comments', 'c2', { targetType: 'proposal', targetId: 'p2' });
      models.put('comments', 'c3', { targetType: 'proposal', targetId: 'p1' });
      models.put('ballots', 'b1', { targetType: 'proposal', targetId: 'p1' });
    });

    expect(models.find('comments', { targetType: 'proposal', targetId: 'p1' })).toEqual([
      { targetType: 'proposal', targetId: 'p1' },
      { targetType: 'proposal', targetId: 'p1' },
    ]);
    models.close();
    const raw = new Database(file, { readonly: true });
    const plan = raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT body FROM documents WHERE collection = 'comments'
         AND json_extract(body, '$.targetId') IS ? AND json_extract(body, '$.targetType') IS ? ORDER BY seq`,
      )
      .all('p1', 'proposal') as Array<{ detail: string }>;
    expect(plan.map((step) => step.detail).join('; ')).toContain('USING INDEX documents_comments_by_targetType_targetId');
    const indexed = raw
      .prepare("SELECT count(*) AS n FROM documents INDEXED BY documents_comments_by_targetType_targetId WHERE collection = 'comments'")
      .get() as { n: number };
    expect(indexed.n).toBe(3);
    raw.close();
  });

  it('keeps a feed as an ordered set of positions, read in pages between two positions', () => {
    const models = new ServingReadModels(':memory:');
    models.transaction(() => {
      for (const position of [3, 7, 9, 12]) models.appendToFeed('room:1', position);
      models.appendToFeed('room:2', 8);
    });
    models.appendToFeed('room:1', 7);

    expect(models.readFeed('room:1', 0, 100, 100)).toEqual([3, 7, 9, 12]);
    expect(models.readFeed('room:1', 3, 9, 100)).toEqual([7, 9]);
    expect(models.readFeed('room:1', 0, 100, 2)).toEqual([3, 7]);
    expect(models.readFeed('room:2', 0, 100, 100)).toEqual([8]);
    expect(models.readFeed('room:3', 0, 100, 100)).toEqual([]);
    models.close();
  });

  it('empties a file of an earlier layout, so that the projections rebuild it from the log', () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id));
      CREATE TABLE feeds (feed TEXT NOT NULL, position INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (feed, position));
      CREATE TABLE checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('docs', 'a', 1, '{"n":1}');
      INSERT INTO feeds VALUES ('room:1', 4, '{"type":"Old"}');
      INSERT INTO checkpoints VALUES ('docs', 4);
    `);
    old.close();

    const models = new ServingReadModels(file);
    expect(models.emptiedLayout).toBe(0);
    expect(models.checkpoint('docs')).toBe(0);
    expect(models.dump()).toEqual([]);
    models.appendToFeed('room:1', 5);
    models.close();

    const again = new ServingReadModels(file);
    expect(again.emptiedLayout).toBeUndefined();
    expect(again.readFeed('room:1', 0, 10, 10)).toEqual([5]);
    again.close();
  });

  it('forgets the feeds and the creation order a rolled-back transaction made, so that later ones do not mix', () => {
    const models = new ServingReadModels(':memory:');
    expect(() =>
      models.transaction(() => {
        models.appendToFeed('room:a', 1);
        models.put('docs', 'x', { n: 1 });
        models.transaction(() => undefined); // writes the outer changes so far: feed room:a gets its id
        expect(models.readFeed('room:a', 0, 10, 10)).toEqual([1]);
        throw new Error('projection failed');
      }),
    ).toThrow('projection failed');
    models.transaction(() => {
      models.appendToFeed('room:b', 2);
      models.put('docs', 'y', { n: 2 });
    });
    models.appendToFeed('room:a', 3);
    models.put('docs', 'z', { n: 3 });

    expect(models.readFeed('room:b', 0, 10, 10)).toEqual([2]);
    expect(models.readFeed('room:a', 0, 10, 10)).toEqual([3]);
    expect(models.find('docs')).toEqual([{ n: 2 }, { n: 3 }]);
    models.close();
  });

  it('writes nothing of a transaction that throws, and keeps the outer changes when a nested one throws', () => {
    const models = new ServingReadModels(':memory:');
    expect(() =>
      models.transaction(() => {
        models.put('docs', 'a', { n: 1 });
        models.appendToFeed('room:1', 1);
        models.saveCheckpoint('docs', 1);
        throw new Error('projection failed');
      }),
    ).toThrow('projection failed');
    expect(models.get('docs', 'a')).toBeUndefined();
    expect(models.readFeed('room:1', 0, 10, 10)).toEqual([]);
    expect(models.checkpoint('docs')).toBe(0);

    models.transaction(() => {
      models.put('docs', 'a', { n: 1 });
      expect(() =>
        models.transaction(() => {
          models.put('docs', 'a', { n: 2 });
          models.put('docs', 'b', { n: 2 });
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
      expect(models.get('docs', 'a')).toEqual({ n: 1 });
      expect(models.get('docs', 'b')).toBeUndefined();
    });
    expect(models.dump()).toEqual([{ collection: 'docs', id: 'a', body: '{"n":1}' }]);
    models.close();
  });

  it('serves the documents of a transaction from memory: a document put there is what a later get returns', () => {
    const models = new ServingReadModels(':memory:');
    models.transaction(() => {
      const tally = { votes: { p: 1 } };
      models.put('tallies', 'c', tally);
      expect(models.get('tallies', 'c')).toBe(tally);
    });
    // Outside a transaction every get parses its own copy, as before.
    expect(models.get('tallies', 'c')).toEqual({ votes: { p: 1 } });
    expect(models.get('tallies', 'c')).not.toBe(models.get('tallies', 'c'));
    models.close();
  });

  it('lets a find inside a transaction see its changes, and a rollback take them back from the file as from memory', () => {
    const models = new ServingReadModels(':memory:');
    models.put('docs', 'a', { n: 1, planId: 'p' });
    expect(() =>
      models.transaction(() => {
        models.put('docs', 'b', { n: 2, planId: 'p' });
        models.update<Doc>('docs', 'a', (doc) => ({ ...doc, n: 3 }));
        expect(models.find('docs', { planId: 'p' })).toEqual([
          { n: 3, planId: 'p' },
          { n: 2, planId: 'p' },
        ]);
        throw new Error('projection failed');
      }),
    ).toThrow('projection failed');
    expect(models.find('docs')).toEqual([{ n: 1, planId: 'p' }]);
    models.put('docs', 'c', { n: 4 });
    expect(models.find('docs')).toEqual([{ n: 1, planId: 'p' }, { n: 4 }]);
    models.close();
  });

  it('commits a nested transaction with the outer one, and rolls a failed one back to its savepoint, feeds included', () => {
    const models = new ServingReadModels(':memory:');
    models.transaction(() => {
      models.put('docs', 'a', { n: 1 });
      models.transaction(() => {
        models.put('docs', 'b', { n: 2 });
        models.appendToFeed('room:1', 1);
      });
      expect(() =>
        models.transaction(() => {
          models.put('docs', 'c', { n: 3 });
          models.appendToFeed('room:1', 2);
          models.appendToFeed('room:2', 2);
          // Both written to the file inside the savepoint: the rollback must take them back from there.
          expect(models.find('docs')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
          expect(models.readFeed('room:1', 0, 10, 10)).toEqual([1, 2]);
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
      expect(models.find('docs')).toEqual([{ n: 1 }, { n: 2 }]);
      expect(models.readFeed('room:1', 0, 10, 10)).toEqual([1]);
      models.put('docs', 'd', { n: 4 });
      models.appendToFeed('room:3', 3);
    });
    expect(models.find('docs')).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
    expect(models.readFeed('room:1', 0, 10, 10)).toEqual([1]);
    expect(models.readFeed('room:2', 0, 10, 10)).toEqual([]);
    expect(models.readFeed('room:3', 0, 10, 10)).toEqual([3]);
    models.close();
  });
});

describe('RebuildReadModels', () => {
  it('folds a scratch file in memory across transactions, with the same result as the live file, for any operations', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { maxLength: 60 }),
        fc.constantFrom(1, 2, 1_000),
        fc.constantFrom('close', 'finish', 'dump then finish'),
        async (operations, cachedDocuments, ending) => {
          const file = join(dir, `scratch-${n++}.db`);
          const live = new ServingReadModels(':memory:');
          const scratch = new RebuildReadModels(file, { cachedDocuments });
          try {
            expect(run(scratch, operations, true)).toEqual(run(live, operations, true));
            // dump() writes everything, as a find does: finishing must then insert nothing twice.
            if (ending !== 'finish') expect(scratch.dump()).toEqual(live.dump());
            if (ending === 'close') scratch.close();
            else await scratch.finish();
            const reopened = new ServingReadModels(file);
            expect(reopened.dump()).toEqual(live.dump());
            expect(reopened.find('docs')).toEqual(live.find('docs'));
            reopened.close();
          } finally {
            live.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('builds a scratch file with the same content, and leaves it in WAL mode with the indexes of find', () => {
    const operations: Operation[] = [
      { op: 'put', id: 'b', n: 1, planId: 'p' },
      { op: 'put', id: 'a', n: 2, planId: 'q' },
      { op: 'commit' },
      { op: 'update', id: 'b' },
      { op: 'feed', feed: 'room:1', n: 3 },
      { op: 'delete', id: 'a' },
      { op: 'put', id: 'a', n: 4, planId: 'p' },
    ];
    const normal = new ServingReadModels(join(dir, 'normal.db'));
    const scratch = new RebuildReadModels(join(dir, 'scratch.db'));
    scratch.defineIndexes([{ collection: 'docs', fields: ['planId'] }]);
    run(normal, operations, true);
    run(scratch, operations, true);
    scratch.close();
    const reopened = new ServingReadModels(join(dir, 'scratch.db'));
    expect(reopened.dump()).toEqual(normal.dump());
    expect(reopened.find('docs', { planId: 'p' })).toEqual([
      { n: 2, planId: 'p' },
      { n: 4, planId: 'p' },
    ]);
    reopened.close();
    normal.close();

    const raw = new Database(join(dir, 'scratch.db'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const indexes = raw
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'documents_%' ORDER BY name")
      .all();
    expect(indexes.map((index) => index.name)).toEqual(['documents_docs_by_planId']);
    raw.close();
  });

  it('writes its documents and gives the memory back beyond its bound, with the same read models as when it keeps them all', async () => {
    const build = (models: RebuildReadModels) => {
      for (let batch = 0; batch < 5; batch++) {
        models.transaction(() => {
          for (let i = 0; i < 4; i++) {
            const id = `d${(batch * 3 + i) % 7}`;
            const current = models.get<{ n: number; batches: number[] }>('docs', id);
            models.put('docs', id, { n: (current?.n ?? 0) + 1, batches: [...(current?.batches ?? []), batch] });
            models.appendToFeed(`room:${i % 2}`, batch * 4 + i + 1);
          }
          if (batch === 4) models.delete('docs', 'd1');
        });
      }
    };
    const kept = new RebuildReadModels(join(dir, 'kept.db'));
    const bounded = new RebuildReadModels(join(dir, 'bounded.db'), { cachedDocuments: 2 });
    build(kept);
    build(bounded);
    const rows = (file: string) => {
      const raw = new Database(file, { readonly: true });
      const { n } = raw.prepare('SELECT count(*) AS n FROM documents').get() as { n: number };
      raw.close();
      return n;
    };
    // Before they are finished: the bounded one wrote its documents as it went, the other holds them all in memory.
    expect(rows(join(dir, 'bounded.db'))).toBeGreaterThan(0);
    expect(rows(join(dir, 'kept.db'))).toBe(0);
    await kept.finish();
    await bounded.finish();

    const dumpOf = (file: string) => {
      const models = new ServingReadModels(file);
      const dump = { rows: models.dump(), found: models.find('docs') };
      models.close();
      return dump;
    };
    const expected = dumpOf(join(dir, 'kept.db'));
    expect(expected.rows.filter((row) => row.collection === 'docs').map((row) => row.id)).toEqual(['d0', 'd2', 'd3', 'd4', 'd5', 'd6']);
    expect(dumpOf(join(dir, 'bounded.db'))).toEqual(expected);
  });

  it('refuses every transaction after one failed, and is closed without writing what it held', async () => {
    const file = join(dir, 'broken.db');
    const models = new RebuildReadModels(file);
    models.transaction(() => models.put('docs', 'a', { n: 1 }));
    expect(() =>
      models.transaction(() => {
        models.put('docs', 'b', { n: 2 });
        throw new Error('projection failed');
      }),
    ).toThrow('projection failed');
    expect(() => models.transaction(() => undefined)).toThrow(
      'this scratch file is unusable since a transaction failed: Error: projection failed',
    );
    await models.finish();
    // A half-built file, which the rebuild throws away: nothing of its memory was written.
    const reopened = new ServingReadModels(file);
    expect(reopened.dump()).toEqual([]);
    reopened.close();
  });
});
