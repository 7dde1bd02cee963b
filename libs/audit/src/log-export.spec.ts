import { RecordedEvent, SqliteEventStore } from '@cocrea/event-store';
import { exportLines, parseExportLine, readLogPages } from './log-export';

describe('the export format', () => {
  let store: SqliteEventStore;
  let events: RecordedEvent[];
  beforeAll(async () => {
    store = new SqliteEventStore({ filename: ':memory:' });
    for (let i = 0; i < 25; i++) {
      await store.appendToStream(`note-${i % 4}`, [
        { type: 'NoteWritten', data: { i, text: 'línea\nsecond "line"' }, metadata: { actorId: 'ana' } },
      ]);
    }
    events = await store.readAll({ maxCount: 100 });
  });
  afterAll(() => store.close());

  it('reads the log a page at a time, from after up to the head it was given', async () => {
    const seen: number[][] = [];
    for await (const page of readLogPages(store, { after: 3, upTo: 20, pageSize: 7 })) seen.push(page.map((e) => e.position));
    expect(seen.map((page) => page.length)).toEqual([7, 7, 3]);
    expect(seen.flat()).toEqual(Array.from({ length: 17 }, (_, i) => i + 4));
  });

  it('writes one event a line with every field, and reads each line back to the same event', () => {
    const lines = exportLines(events).split('\n');
    expect(lines).toHaveLength(26);
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map(parseExportLine)).toEqual(events);
  });

  it.each([
    ['{"id":', 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    ['', 'not valid JSON'],
  ])('refuses %j: %s', (line, reason) => {
    expect(parseExportLine(line)).toBe(reason);
  });

  it('refuses a line with a field missing, a field added (it would not be hashed), or no usable position', () => {
    const { hash: _, ...unhashed } = events[0];
    expect(parseExportLine(JSON.stringify(unhashed))).toBe('missing hash');
    expect(parseExportLine(JSON.stringify({ ...events[0], approvedBy: 'mallory' }))).toBe('unexpected approvedBy');
    expect(parseExportLine(JSON.stringify({ ...events[0], position: '1' }))).toBe('position is not a positive integer');
    expect(parseExportLine(JSON.stringify({ ...events[0], hash: 1 }))).toBe('hash is not a string');
  });
});
