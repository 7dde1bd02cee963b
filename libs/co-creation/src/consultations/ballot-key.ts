import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { secretFile, type AppConfig, type CommandContext } from '@cocrea/platform';

export const BALLOT_KEY = Symbol('BALLOT_KEY');

/** Where a deployment without `BALLOT_KEY_FILE` keeps the key it made. */
export const BALLOT_KEY_FILE = 'ballot-key';

/**
 * The deployment's ballot key: from `BALLOT_KEY_FILE` (every node of a deployment reads the same file), or made
 * on first start in the data folder. Losing it would not lose a vote, but a voter could no longer find their
 * ballot, and so could vote again in a consultation still open.
 */
export const loadBallotKey = (config: Pick<AppConfig, 'dataDir' | 'ballotKeyFile'>): string =>
  config.ballotKeyFile
    ? secretFile(config.ballotKeyFile, { create: false, minBytes: 32 })
    : secretFile(join(config.dataDir, BALLOT_KEY_FILE), { create: true, minBytes: 32 });

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

/**
 * A voter's name in one consultation: HMAC-SHA256(ballot key, consultationId ‖ "\n" ‖ userId), 128 bits in hex.
 * The same person always gets the same ballot in a consultation (one ballot each, found again by `votes/mine`),
 * two consultations give unrelated pseudonyms, and without the key nobody can tell whose ballot it is.
 */
export const pseudonymOf = (key: string, consultationId: string, userId: string): string =>
  hmac(key, `${consultationId}\n${userId}`).slice(0, 32);

/**
 * What a secret ballot's events record of who cast them: the pseudonym, and nothing the client chose or the token
 * said (no name, no roles, no Idempotency-Key or correlation id). A retried command keeps working: its command id is
 * keyed too, since the id made from a key the client chose and the user id could be recomputed for a guessed user.
 */
export const anonymousContext = (key: string, context: CommandContext, pseudonym: string): CommandContext => ({
  actor: { id: pseudonym, name: '', roles: [] },
  commandId: context.commandId && `cmd-${hmac(key, context.commandId).slice(0, 32)}`,
  anonymous: true,
});
