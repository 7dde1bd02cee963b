import type { AppConfig } from '@cocrea/platform';

/**
 * Limits no test or benchmark of another subject reaches: their many writes and sockets come from one
 * address and a few users, which the limits meant for one person would refuse.
 */
export const UNREACHED_LIMITS: AppConfig['limits'] = {
  windowSeconds: 60,
  writesPerUser: 1_000_000,
  writesPerAddress: 1_000_000,
  socketMessagesPerSecond: 1_000_000,
  socketsPerUser: 100_000,
};

/** The same, as the environment of a server in its own process. */
export const UNREACHED_LIMITS_ENV = {
  RATE_LIMIT_USER_WRITES: String(UNREACHED_LIMITS.writesPerUser),
  RATE_LIMIT_ADDRESS_WRITES: String(UNREACHED_LIMITS.writesPerAddress),
  LIVE_MESSAGES_PER_SECOND: String(UNREACHED_LIMITS.socketMessagesPerSecond),
  LIVE_SOCKETS_PER_USER: String(UNREACHED_LIMITS.socketsPerUser),
};
