import { Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface AppConfig {
  port: number;
  dataDir: string;
  jwtSecret: string;
  /** FULL: an acknowledged command survives power loss (default). NORMAL: survives a process crash. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /**
   * Ed25519 private key (PEM, PKCS#8) that signs audit checkpoints. Unset: a key pair is created on first
   * start in `<dataDir>/audit-key.pem` and kept there.
   */
  auditPrivateKeyFile?: string;
  live: {
    /** Messages a socket may have waiting before it is disconnected as too slow (it then resubscribes with `after`). */
    maxQueue: number;
    /** Least time between two tally messages to one consultation room. */
    tallyIntervalMs: number;
  };
}

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};

export const DEVELOPMENT_JWT_SECRET = 'cocrea-development-secret-change-me';

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new Error(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "${env.SQLITE_SYNCHRONOUS}"`);
  }
  if (!env.AUTH_JWT_SECRET) {
    new Logger('Config').warn('AUTH_JWT_SECRET is not set: using the development secret. Never do this in production.');
  }
  return {
    port,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    jwtSecret: env.AUTH_JWT_SECRET || DEVELOPMENT_JWT_SECRET,
    sqliteSynchronous: synchronous,
    bodyLimitBytes: 1024 * 1024,
    auditPrivateKeyFile: env.AUDIT_PRIVATE_KEY_FILE ? resolve(env.AUDIT_PRIVATE_KEY_FILE) : undefined,
    live: {
      maxQueue: positiveInteger(env, 'LIVE_MAX_QUEUE', 2000),
      tallyIntervalMs: positiveInteger(env, 'LIVE_TALLY_INTERVAL_MS', 100),
    },
  };
};

export const dataFile = (config: AppConfig, name: string) => join(config.dataDir, name);
