import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/app';
import { AppConfig, EVENTS_FILE, Role, signJwt } from '@cocrea/platform';
import { RecordedEvent, SqliteEventStore } from '@cocrea/event-store';
import { UNREACHED_LIMITS } from './unreached-limits';

export { UNREACHED_LIMITS };
export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-bytes';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A booted Cocrea on a free port with its own temporary data folder, and a small HTTP client.
 * `restart()` closes the app and boots a new one on the same data folder.
 */
export class TestApp {
  app!: INestApplication;
  url!: string;
  readonly dataDir: string;

  constructor(
    dataDir?: string,
    private readonly live: Partial<AppConfig['live']> = {},
    private readonly overrides: Partial<AppConfig> = {},
  ) {
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'cocrea-test-'));
  }

  get config(): AppConfig {
    return {
      port: 0,
      dataDir: this.dataDir,
      production: false,
      language: 'en',
      developmentSignIn: true,
      logLevel: 'silent',
      identity: { kind: 'secret', secret: TEST_SECRET },
      sqliteSynchronous: 'NORMAL',
      bodyLimitBytes: 1024 * 1024,
      limits: UNREACHED_LIMITS,
      trustProxy: false,
      corsOrigins: [],
      checkpoints: { everyEvents: 1_000_000, everyMinutes: 1_000_000 },
      eventStore: { kind: 'sqlite' },
      eventBus: { kind: 'inprocess' },
      live: { maxQueue: 2000, tallyIntervalMs: 50, ...this.live },
      ...this.overrides,
    };
  }

  /** `port`: where to listen (a free one by default), for a test that must name the address before the start. */
  static async start(options: { live?: Partial<AppConfig['live']>; config?: Partial<AppConfig>; port?: number } = {}): Promise<TestApp> {
    const app = new TestApp(undefined, options.live, options.config);
    app.port = options.port ?? 0;
    await app.boot();
    return app;
  }

  private port = 0;

  async boot(): Promise<void> {
    this.app = await createApp(this.config, { logger: false });
    await this.app.listen(this.port, '127.0.0.1');
    this.url = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  async restart(): Promise<void> {
    await this.app.close();
    await this.boot();
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.app?.close();
    if (!options.keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Every event of the log, read straight from the store's file (the app may keep running). */
  async events(): Promise<RecordedEvent[]> {
    const store = new SqliteEventStore({ filename: join(this.dataDir, EVENTS_FILE) });
    try {
      const all: RecordedEvent[] = [];
      for (;;) {
        const page = await store.readAll({ after: all.at(-1)?.position ?? 0, maxCount: 5000 });
        if (page.length === 0) return all;
        all.push(...page);
      }
    } finally {
      await store.close();
    }
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<Response<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    // The headers are there to read, but not compared: `toEqual` on a whole response weighs status and body.
    return Object.defineProperty({ status: response.status, body: parsed as T }, 'headers', {
      value: response.headers,
      enumerable: false,
    }) as Response<T>;
  }

  get = <T = any>(path: string, token?: string) => this.request<T>('GET', path, { token });
  post = <T = any>(path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', path, { token, body: body ?? {}, headers });
  put = <T = any>(path: string, token: string | undefined, body?: unknown) => this.request<T>('PUT', path, { token, body });
  patch = <T = any>(path: string, token: string | undefined, body?: unknown) => this.request<T>('PATCH', path, { token, body });
  delete = <T = any>(path: string, token: string | undefined) => this.request<T>('DELETE', path, { token });
}

/** Expects the answer to have `status` (200 unless told) and a body, and returns the body. */
export const ok = (response: { status: number; body: any }, status = 200) => {
  // On another status the failure prints the body, which says why (`expect.anything()` would hide it).
  if (response.status !== status) expect({ status: response.status, body: response.body }).toEqual({ status });
  expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
  return response.body;
};

export const tokenFor = (sub: string, roles: Role[], name = sub, secret = TEST_SECRET) => signJwt({ sub, name, roles }, secret);

/** Tokens for the people of a typical co-creation cycle. */
export const people = {
  admin: tokenFor('admin-1', ['admin'], 'Admin'),
  moderator: tokenFor('mod-1', ['moderator'], 'Marta Moderadora'),
  ana: tokenFor('ana', ['member'], 'Ana (sociedad civil)'),
  beto: tokenFor('beto', ['member'], 'Beto (entidad)'),
  outsider: tokenFor('olga', ['member'], 'Olga (otra mesa)'),
  auditor: tokenFor('aud-1', ['auditor'], 'IRM researcher'),
  participant: (n: number | string) => tokenFor(`citizen-${n}`, ['participant'], `Citizen ${n}`),
};
