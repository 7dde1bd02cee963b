import type { EventStore, RecordedEvent } from '@cocrea/event-store';

/** Every field of a recorded event: an export line holds exactly these. */
export const EXPORTED_FIELDS: ReadonlyArray<keyof RecordedEvent> = [
  'id',
  'streamId',
  'type',
  'data',
  'metadata',
  'revision',
  'position',
  'recordedAt',
  'hash',
];

export const PAGE_SIZE = 1000;

/**
 * The log from `after` up to `upTo`, a page at a time. Yields to the event loop between pages: verifying or
 * exporting millions of events must not stall the requests of everybody else.
 */
export async function* readLogPages(
  store: Pick<EventStore, 'readAll'>,
  { after = 0, upTo, pageSize = PAGE_SIZE }: { after?: number; upTo: number; pageSize?: number },
): AsyncGenerator<RecordedEvent[]> {
  let position = after;
  while (position < upTo) {
    const page = (await store.readAll({ after: position, maxCount: pageSize })).filter((event) => event.position <= upTo);
    if (page.length === 0) return;
    yield page;
    position = page[page.length - 1].position;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** One event a line, every field, `\n`-terminated (JSON Lines). */
export const exportLines = (events: readonly RecordedEvent[]): string => events.map((event) => `${JSON.stringify(event)}\n`).join('');

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads one line of an export back into an event, or says why it is not one. A field that is not hashed
 * (an added key) would slip past the chain, so the line must hold exactly the exported fields.
 */
export const parseExportLine = (line: string): RecordedEvent | string => {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (!isObject(value)) return 'not a JSON object';
  const missing = EXPORTED_FIELDS.filter((field) => !(field in value));
  const extra = Object.keys(value).filter((key) => !EXPORTED_FIELDS.includes(key as keyof RecordedEvent));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  if (extra.length > 0) return `unexpected ${extra.join(', ')}`;
  if (!Number.isSafeInteger(value.position) || (value.position as number) < 1) return 'position is not a positive integer';
  if (typeof value.hash !== 'string') return 'hash is not a string';
  return value as unknown as RecordedEvent;
};
