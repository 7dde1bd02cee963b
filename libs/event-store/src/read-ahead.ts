import type { EventStore, RecordedEvent } from './event-store';

/**
 * The log after a position, page by page, each page asked for as soon as the one before it arrives: while
 * the caller works on a page, the store is already reading the next (over the network for a server store).
 */
export async function* readAhead(store: Pick<EventStore, 'readAll'>, after: number, pageSize: number): AsyncGenerator<RecordedEvent[]> {
  const read = (from: number) => {
    const page = store.readAll({ after: from, maxCount: pageSize });
    // A page read ahead and never asked for (the caller stopped) must not fail unobserved.
    page.catch(() => undefined);
    return page;
  };
  let next = read(after);
  for (;;) {
    const page = await next;
    if (page.length === 0) return;
    next = read(page[page.length - 1].position);
    yield page;
  }
}
