import { io } from 'socket.io-client';
import { MAX_TOKEN_LENGTH } from '@cocrea/platform';
import { TestApp, UNREACHED_LIMITS, ok, people, tokenFor } from '../support/app-harness';
import { LiveClient } from '../support/live-client';
import { Scenario } from '../support/scenario';

describe('write limits per user and per address', () => {
  let app: TestApp;
  let proposalId: string;
  const comment = (token: string, headers?: Record<string, string>) =>
    app.post('/api/comments', token, { targetType: 'proposal', targetId: proposalId, body: 'x'.repeat(10_000) }, headers);

  beforeAll(async () => {
    app = await TestApp.start({ config: { limits: { ...UNREACHED_LIMITS, writesPerUser: 20, writesPerAddress: 1000 } } });
    const scenario = new Scenario(app);
    const group = await scenario.workingGroup(await scenario.plan(), { members: { ana: 'member' } });
    proposalId = (await scenario.proposal(group, { title: 'Open contracting', by: people.ana })).id;
  });
  afterAll(() => app?.stop());

  it('answers a comment flood 429 with Retry-After past the allowance, records none of those, and keeps serving', async () => {
    const flooder = people.participant('flood');
    const before = (await app.events()).length;
    const [answers, health] = await Promise.all([
      Promise.all(Array.from({ length: 60 }, () => comment(flooder))),
      Promise.all(Array.from({ length: 5 }, () => app.get('/health'))),
    ]);
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 429);
    expect({ accepted: accepted.length, refused: refused.length }).toEqual({ accepted: 20, refused: 40 });
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused[0].body).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/at most 20 writes by one user per 60 s; retry after \d+ s/),
    });
    expect((await app.events()).length - before).toBe(20);
    expect(health.map((h) => h.status)).toEqual([200, 200, 200, 200, 200]);

    // Reads are not writes, and another user has an allowance of their own.
    ok(await app.get(`/api/comments?targetType=proposal&targetId=${proposalId}`, flooder));
    ok(await comment(people.participant('neighbour')), 201);
  });
});

describe('write limits per client address, and which address counts behind a proxy', () => {
  const start = (trustProxy: AppConfigTrust) =>
    TestApp.start({ config: { trustProxy, limits: { ...UNREACHED_LIMITS, writesPerAddress: 3 } } });
  type AppConfigTrust = false | number;
  const plan = (app: TestApp, n: number, forwardedFor?: string) =>
    app.request('POST', '/api/plans', {
      token: tokenFor(`mod-${n}`, ['moderator']),
      body: { title: `Plan ${n}`, country: 'CO', periodStart: '2017-07-01', periodEnd: '2019-06-30', themes: ['transparency'] },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });

  it('counts every user writing from one address against that address', async () => {
    const app = await start(false);
    try {
      const statuses = [];
      for (let n = 0; n < 4; n++) statuses.push((await plan(app, n, `198.51.100.${n}`)).status);
      // Without TRUST_PROXY a client cannot pick its address with X-Forwarded-For.
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await app.stop();
    }
  });

  it('with TRUST_PROXY, counts the address the proxy names', async () => {
    const app = await start(1);
    try {
      const statuses = [];
      for (let n = 0; n < 4; n++) statuses.push((await plan(app, n, `198.51.100.${n}`)).status);
      expect(statuses).toEqual([201, 201, 201, 201]);
      for (let n = 4; n < 7; n++) statuses.push((await plan(app, n, '203.0.113.9')).status);
      expect(statuses.slice(4)).toEqual([201, 201, 201]);
      expect((await plan(app, 7, '203.0.113.9')).status).toBe(429);
    } finally {
      await app.stop();
    }
  });
});

describe('socket limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({
      config: { corsOrigins: ['http://app.example'], limits: { ...UNREACHED_LIMITS, socketsPerUser: 2, socketMessagesPerSecond: 5 } },
    });
  });
  afterAll(() => app?.stop());

  it('answers an oversized auth token with a connect_error naming the limit', async () => {
    const refusal = await new LiveClient(app.url, 'a'.repeat(1024 * 1024)).refused();
    expect(refusal.message).toBe(`unauthorized: token is longer than ${MAX_TOKEN_LENGTH} characters`);
  });

  it('holds each user to a number of sockets', async () => {
    const token = people.participant('many-tabs');
    const first = await LiveClient.connect(app.url, token);
    const second = await LiveClient.connect(app.url, token);
    const third = await new LiveClient(app.url, token).refused();
    expect(third.message).toBe('too many connections: at most 2 sockets per user');
    first.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await LiveClient.connect(app.url, token);
    again.socket.close();
    second.socket.close();
  });

  it('answers messages past the per-socket rate with an error, and serves the socket again after', async () => {
    const client = await LiveClient.connect(app.url, people.participant('chatty'));
    try {
      const acks = await Promise.all(Array.from({ length: 12 }, () => client.socket.emitWithAck('unsubscribe', { room: 'plan:nonsense' })));
      const limited = acks.filter((ack) => /^rate-limited: at most 5 messages a second/.test(ack.error));
      expect({ served: acks.length - limited.length, limited: limited.length }).toEqual({ served: 5, limited: 7 });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await client.socket.emitWithAck('unsubscribe', { room: 'plan:nonsense' })).toEqual({
        ok: false,
        error: 'not subscribed to that room',
      });
    } finally {
      client.socket.close();
    }
  });

  it('lets browsers open sockets only from the configured origins', async () => {
    const from = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${app.url}/live`, {
          auth: { token: people.participant('browser') },
          transports: ['websocket'],
          extraHeaders: { origin },
          reconnection: false,
          forceNew: true,
        });
        socket.on('connect', () => (socket.close(), resolve('connected')));
        socket.on('connect_error', (error) => (socket.close(), resolve(`refused: ${error.message}`)));
      });
    expect(await from('http://app.example')).toBe('connected');
    expect(await from('http://evil.example')).toMatch(/^refused/);
  });
});
