import type { Text } from '../i18n/text';

/**
 * A read the core cannot answer: what was asked for does not exist (or did not yet at the moment asked for), the
 * question is malformed, the reader may not see it, or the read models have not reached what it needs yet. Not a refused command: no rule
 * was applied, so it carries no refusal code. The HTTP edge answers 404, 400, 403 and 503.
 */
export class QueryError extends Error {
  constructor(
    readonly reason: 'not-found' | 'invalid' | 'behind' | 'forbidden',
    /** What could not be answered, in words a catalogue can say (the `message` is English). */
    readonly text: Text,
  ) {
    super(String(text));
    this.name = 'QueryError';
  }
}

export const unanswered = (reason: QueryError['reason'], message: Text): never => {
  throw new QueryError(reason, message);
};
