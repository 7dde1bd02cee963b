import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { secretFile } from './secret-file';
import { LANGUAGES, type Language } from './i18n/language';
import { join, resolve } from 'node:path';

export const APP_CONFIG = Symbol('APP_CONFIG');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  dataDir: string;
  /** `NODE_ENV=production`: identity must be configured explicitly. */
  production: boolean;
  /** Who signs the bearer tokens the server accepts. */
  identity: Identity;
  /**
   * The web app's development sign-in (any name, any roles): by default only with the secret the server made for
   * itself (no AUTH_JWT_SECRET, no identity provider) outside production; `DEVELOPMENT_SIGN_IN=on|off` decides
   * otherwise, and `on` is refused in production and with an identity provider.
   */
  developmentSignIn: boolean;
  /** The language of error messages for a client whose Accept-Language names none of ours (`DEFAULT_LANGUAGE`). */
  language: Language;
  /** pino's level: `info` by default; `debug` also logs Nest's start-up lines. */
  logLevel: LogLevel;
  /** FULL: an acknowledged command survives power loss (default). NORMAL: survives a process crash. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Writes each user and each client address may make in a window, and the sockets' allowances. */
  limits: Limits;
  /** Express's `trust proxy`: which proxies' `X-Forwarded-For` names the client address (false: none). */
  trustProxy: boolean | number | string;
  /** The built web app the server serves at `/` (`WEB_DIR`, `apps/web/dist`); none there: the API alone. */
  webDir?: string;
  /** Origins whose browsers may call the API and open sockets (none by default). */
  corsOrigins: string[];
  /**
   * Ed25519 private key (PEM, PKCS#8) that signs audit checkpoints. Unset: a key pair is created on first
   * start in `<dataDir>/audit-key.pem` and kept there.
   */
  auditPrivateKeyFile?: string;
  /**
   * The secret that turns a voter into a pseudonym per consultation (see consultations/ballot-key.ts). Unset:
   * created on first start in `<dataDir>/ballot-key`. Every node of a deployment must use the same one.
   */
  ballotKeyFile?: string;
  /** The server signs a checkpoint once this many events were recorded since the last, or this long after it. */
  checkpoints: { everyEvents: number; everyMinutes: number };
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

/**
 * `secret`: HS256 tokens signed with a shared secret; without one configured, a random secret is created in
 * `<dataDir>/auth-secret` on first start (and `npm run token` signs with it). `openid`: tokens from an OpenID
 * provider, checked against its published keys.
 */
export type Identity =
  | { kind: 'secret'; secret?: string }
  | {
      kind: 'openid';
      issuer: string;
      audience: string;
      /** Where the roles are in the token, as a dotted path (`realm_access.roles` for Keycloak). */
      rolesClaim: string;
      /** Where the display name is (`name`; `preferred_username` and then `sub` when absent). */
      nameClaim: string;
      /** The web app's public client at the provider (authorization code with PKCE). */
      webClientId: string;
      /** Least time between two fetches of the provider's keys (a token with an unknown `kid` triggers one). */
      keysCooldownMs: number;
    };

export interface Limits {
  /** Window of the write limits, in seconds. */
  windowSeconds: number;
  /** Writes (POST, PUT, PATCH, DELETE) one signed-in user may make per window. */
  writesPerUser: number;
  /** Writes one client address may make per window, whoever signs them. */
  writesPerAddress: number;
  /** Messages one socket may send per second. */
  socketMessagesPerSecond: number;
  /** Sockets one user may hold open on this node. */
  socketsPerUser: number;
}

export const DEFAULT_LIMITS: Limits = {
  windowSeconds: 60,
  writesPerUser: 120,
  writesPerAddress: 1200,
  socketMessagesPerSecond: 20,
  socketsPerUser: 10,
};

/** HS256 needs a key at least as long as its hash. */
export const MIN_SECRET_BYTES = 32;

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

/** AUTH_JWT_SECRET, or the secret in the file AUTH_JWT_SECRET_FILE names (readable by its owner only). */
const sharedSecretOf = (env: NodeJS.ProcessEnv): string | undefined => {
  if (!env.AUTH_JWT_SECRET_FILE) return env.AUTH_JWT_SECRET;
  if (env.AUTH_JWT_SECRET) throw new Error('set either AUTH_JWT_SECRET or AUTH_JWT_SECRET_FILE, not both');
  return secretFile(resolve(env.AUTH_JWT_SECRET_FILE), { create: false, minBytes: MIN_SECRET_BYTES });
};

const identityOf = (env: NodeJS.ProcessEnv, production: boolean): Identity => {
  const secret = sharedSecretOf(env);
  if (env.AUTH_ISSUER) {
    if (secret) throw new Error('set either AUTH_ISSUER (an OpenID provider) or AUTH_JWT_SECRET (a shared secret), not both');
    let issuer: URL;
    try {
      issuer = new URL(env.AUTH_ISSUER);
    } catch {
      throw new Error(`AUTH_ISSUER must be the identity provider's issuer URL, got "${env.AUTH_ISSUER}"`);
    }
    if (production && issuer.protocol !== 'https:')
      throw new Error(`AUTH_ISSUER must be an https URL in production, got "${env.AUTH_ISSUER}"`);
    return {
      kind: 'openid',
      issuer: env.AUTH_ISSUER,
      audience: required(env, 'AUTH_AUDIENCE', "with AUTH_ISSUER (the API's audience as the provider writes it in `aud`)"),
      rolesClaim: env.AUTH_ROLES_CLAIM || 'roles',
      nameClaim: env.AUTH_NAME_CLAIM || 'name',
      webClientId: env.AUTH_WEB_CLIENT_ID || 'cocrea-web',
      keysCooldownMs: positiveInteger(env, 'AUTH_KEYS_COOLDOWN_MS', 30_000),
    };
  }
  if (secret !== undefined && secret !== '') {
    if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
      throw new Error(
        `AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes (got ${Buffer.byteLength(secret)}); make one with: openssl rand -base64 48`,
      );
    }
    return { kind: 'secret', secret };
  }
  if (production) {
    throw new Error(
      'NODE_ENV=production needs an explicit identity: AUTH_ISSUER and AUTH_AUDIENCE (an OpenID provider), or AUTH_JWT_SECRET (openssl rand -base64 48)',
    );
  }
  return { kind: 'secret' };
};

const limitsOf = (env: NodeJS.ProcessEnv): Limits => ({
  windowSeconds: positiveInteger(env, 'RATE_LIMIT_WINDOW_SECONDS', DEFAULT_LIMITS.windowSeconds),
  writesPerUser: positiveInteger(env, 'RATE_LIMIT_USER_WRITES', DEFAULT_LIMITS.writesPerUser),
  writesPerAddress: positiveInteger(env, 'RATE_LIMIT_ADDRESS_WRITES', DEFAULT_LIMITS.writesPerAddress),
  socketMessagesPerSecond: positiveInteger(env, 'LIVE_MESSAGES_PER_SECOND', DEFAULT_LIMITS.socketMessagesPerSecond),
  socketsPerUser: positiveInteger(env, 'LIVE_SOCKETS_PER_USER', DEFAULT_LIMITS.socketsPerUser),
});

/** `TRUST_PROXY`: unset or `false` trusts no proxy; a number of hops; or addresses and subnets (`loopback, 10.0.0.0/8`). */
const trustProxyOf = (raw: string | undefined): AppConfig['trustProxy'] => {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') {
    throw new Error('TRUST_PROXY=true would let any client choose its address; give the number of proxies or their addresses');
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
};

const originsOf = (raw: string | undefined): string[] => {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin) throw new Error(`CORS_ORIGINS must list origins like https://app.example.org, got "${origin}"`);
  }
  return origins;
};

const developmentSignInOf = (raw: string | undefined, identity: Identity, production: boolean): boolean => {
  if (raw === undefined || raw === '') return identity.kind === 'secret' && identity.secret === undefined && !production;
  if (raw === 'off') return false;
  if (raw !== 'on') throw new Error(`DEVELOPMENT_SIGN_IN must be on or off, got "${raw}"`);
  if (production) throw new Error('DEVELOPMENT_SIGN_IN=on is refused with NODE_ENV=production: anyone could sign in as anyone');
  if (identity.kind !== 'secret') throw new Error('DEVELOPMENT_SIGN_IN=on is refused with an identity provider (AUTH_ISSUER)');
  return true;
};

/** 20 tallies a second per room: a vote waits at most 50 ms for its slot (see the README's deviations). */
export const DEFAULT_TALLY_INTERVAL_MS = 50;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new Error(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "${env.SQLITE_SYNCHRONOUS}"`);
  }
  const production = env.NODE_ENV === 'production';
  const eventStore = eventStoreOf(env);
  if (eventStore.kind !== 'sqlite') {
    const missing = ['AUDIT_PRIVATE_KEY_FILE', 'BALLOT_KEY_FILE'].filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new Error(
        `with EVENT_STORE=${eventStore.kind} every node shares the log, so every node must sign checkpoints with one key and ` +
          `name voters with one ballot key: set ${missing.join(' and ')} to files every node reads (npm run keys -- <folder> makes them)`,
      );
    }
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const identity = identityOf(env, production);
  const developmentSignIn = developmentSignInOf(env.DEVELOPMENT_SIGN_IN, identity, production);
  const language = (env.DEFAULT_LANGUAGE || 'en') as Language;
  if (!LANGUAGES.includes(language)) {
    throw new Error(`DEFAULT_LANGUAGE must be one of ${LANGUAGES.join(', ')}, got "${env.DEFAULT_LANGUAGE}"`);
  }
  return {
    port,
    language,
    logLevel,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    production,
    identity,
    developmentSignIn,
    sqliteSynchronous: synchronous,
    bodyLimitBytes: 1024 * 1024,
    limits: limitsOf(env),
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    corsOrigins: originsOf(env.CORS_ORIGINS),
    webDir: resolve(env.WEB_DIR ?? 'apps/web/dist'),
    eventStore,
    eventBus: eventBusOf(env, port),
    auditPrivateKeyFile: env.AUDIT_PRIVATE_KEY_FILE ? resolve(env.AUDIT_PRIVATE_KEY_FILE) : undefined,
    ballotKeyFile: env.BALLOT_KEY_FILE ? resolve(env.BALLOT_KEY_FILE) : undefined,
    checkpoints: {
      everyEvents: positiveInteger(env, 'AUDIT_CHECKPOINT_EVERY_EVENTS', 1000),
      everyMinutes: positiveInteger(env, 'AUDIT_CHECKPOINT_EVERY_MINUTES', 60),
    },
    live: {
      maxQueue: positiveInteger(env, 'LIVE_MAX_QUEUE', 2000),
      tallyIntervalMs: positiveInteger(env, 'LIVE_TALLY_INTERVAL_MS', DEFAULT_TALLY_INTERVAL_MS),
    },
  };
};

export const dataFile = (config: AppConfig, name: string) => join(config.dataDir, name);

/**
 * Makes sure the data folder exists and can be written, before anything opens a file in it: a start on an
 * unusable folder fails naming the folder and the cause (not a directory, permission denied, read-only,
 * no space), not with the first database's error code.
 */
export const prepareDataDir = (dataDir: string): void => {
  const probe = join(dataDir, `.write-check-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (error) {
    throw new Error(`DATA_DIR ${dataDir} cannot be used: ${(error as Error).message}`);
  }
};
