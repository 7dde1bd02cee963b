import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
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
  /** Where the log is kept: embedded SQLite (default), PostgreSQL or EventStoreDB. */
  eventStore: { kind: 'sqlite' } | { kind: 'postgres'; url: string; schema: string } | { kind: 'eventstoredb'; url: string };
  /** How committed events reach this node's projections and sockets: from the store itself, or through Kafka. */
  eventBus: { kind: 'inprocess' } | { kind: 'kafka'; brokers: string[]; topic: string; partitions: number; nodeId: string; relay: boolean };
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

const required = (env: NodeJS.ProcessEnv, name: string, because: string): string => {
  const value = env[name];
  if (!value) throw new Error(`${name} is required ${because}`);
  return value;
};

const eventStoreOf = (env: NodeJS.ProcessEnv): AppConfig['eventStore'] => {
  switch (env.EVENT_STORE ?? 'sqlite') {
    case 'sqlite':
      return { kind: 'sqlite' };
    case 'postgres':
      return {
        kind: 'postgres',
        url: required(env, 'POSTGRES_URL', 'when EVENT_STORE=postgres (e.g. postgres://user@127.0.0.1:5432/cocrea)'),
        schema: env.POSTGRES_SCHEMA || 'cocrea',
      };
    case 'eventstoredb':
      return {
        kind: 'eventstoredb',
        url: required(env, 'EVENTSTORE_URL', 'when EVENT_STORE=eventstoredb (e.g. esdb://127.0.0.1:2113?tls=false)'),
      };
    default:
      throw new Error(`EVENT_STORE must be sqlite, postgres or eventstoredb, got "${env.EVENT_STORE}"`);
  }
};

const eventBusOf = (env: NodeJS.ProcessEnv, port: number): AppConfig['eventBus'] => {
  switch (env.EVENT_BUS ?? 'inprocess') {
    case 'inprocess':
      return { kind: 'inprocess' };
    case 'kafka': {
      const relay = (env.KAFKA_RELAY ?? 'on').toLowerCase();
      if (!['on', 'off'].includes(relay)) throw new Error(`KAFKA_RELAY must be on or off, got "${env.KAFKA_RELAY}"`);
      return {
        kind: 'kafka',
        brokers: required(env, 'KAFKA_BROKERS', 'when EVENT_BUS=kafka (e.g. 127.0.0.1:9092)')
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
        topic: env.KAFKA_TOPIC || 'cocrea.events',
        partitions: positiveInteger(env, 'KAFKA_PARTITIONS', 1),
        nodeId: env.NODE_ID || `${hostname()}-${port}`,
        relay: relay === 'on',
      };
    }
    default:
      throw new Error(`EVENT_BUS must be inprocess or kafka, got "${env.EVENT_BUS}"`);
  }
};

export const DEVELOPMENT_JWT_SECRET = 'cocrea-development-secret-change-me';

/** 20 tallies a second per room: a vote waits at most 50 ms for its slot (see the README's deviations). */
export const DEFAULT_TALLY_INTERVAL_MS = 50;

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
    eventStore: eventStoreOf(env),
    eventBus: eventBusOf(env, port),
    auditPrivateKeyFile: env.AUDIT_PRIVATE_KEY_FILE ? resolve(env.AUDIT_PRIVATE_KEY_FILE) : undefined,
    live: {
      maxQueue: positiveInteger(env, 'LIVE_MAX_QUEUE', 2000),
      tallyIntervalMs: positiveInteger(env, 'LIVE_TALLY_INTERVAL_MS', DEFAULT_TALLY_INTERVAL_MS),
    },
  };
};

export const dataFile = (config: AppConfig, name: string) => join(config.dataDir, name);
