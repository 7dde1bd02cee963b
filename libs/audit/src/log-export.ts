import { SEALS, sealDigest, sealsOf, valueAt, withValueAt, type Seal } from '@cocrea/event-store/hash-chain';
import type { EventStore, RecordedEvent } from '@cocrea/event-store/event-store';

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

/** Whether the actor of an event acted as one of those who run the process, whose actions are on the public record. */
const actedOfficially = (event: RecordedEvent): boolean => {
  const roles = event.metadata.roles;
  return Array.isArray(roles) && roles.some((role) => role === 'moderator' || role === 'admin');
};

/**
 * The streams whose withholdable values are withheld from the public record now: those whose latest marker is
 * `$withhold` (a hidden comment), not `$disclose` (restored). Call with the whole log, in order.
 */
export class WithheldStreams {
  private readonly streams = new Set<string>();

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.metadata.$withhold === true) this.streams.add(event.streamId);
      if (event.metadata.$disclose === true) this.streams.delete(event.streamId);
    }
  }

  has(streamId: string): boolean {
    return this.streams.has(streamId);
  }
}

/**
 * An event as the public record shows it: each sealed value that names a person who did not act as a moderator
 * or admin, each that names someone else than the actor (`$others`), and each withholdable value of a stream withheld now, is replaced by `null`, its seal by
 * `{ withheld: <digest> }`. The rest is as recorded, salts of the values shown included, so it verifies the same.
 */
export const publicForm = (event: RecordedEvent, withheld: WithheldStreams): RecordedEvent => {
  const seals = sealsOf(event);
  if (seals === undefined) return event;
  const withholdable = new Set(Array.isArray(event.metadata.$withholdable) ? (event.metadata.$withholdable as string[]) : []);
  const others = new Set(Array.isArray(event.metadata.$others) ? (event.metadata.$others as string[]) : []);
  const official = actedOfficially(event);
  let shown: RecordedEvent = event;
  const publicSeals: Record<string, Seal> = {};
  for (const [path, seal] of Object.entries(seals)) {
    const withhold = others.has(path) || (withholdable.has(path) ? withheld.has(event.streamId) : !official);
    if (!withhold || !('salt' in seal)) {
      publicSeals[path] = seal;
      continue;
    }
    publicSeals[path] = { withheld: sealDigest(seal.salt, valueAt(event, path)) };
    shown = withValueAt(shown, path, null);
  }
  return { ...shown, metadata: { ...shown.metadata, [SEALS]: publicSeals } };
};

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
