import { TestApp, ok, people } from '../support/app-harness';
import { liveClients } from '../support/live-client';
import { ApiNode, buildApp, freePort } from '../support/node-process';
import { Scenario } from '../support/scenario';

/** The value of one series in Prometheus text, or undefined when the scrape has no such line. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('metrics and health', () => {
  let app: TestApp;
  const live = liveClients(() => app.url);
  beforeAll(async () => {
    app = await TestApp.start({ live: { tallyIntervalMs: 10 } });
  });
  afterAll(async () => {
    live.closeAll();
    await app?.stop();
  });

  it('serves the series of HTTP, the log, the projections and the sockets at /metrics', async () => {
    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    const group = await scenario.workingGroup(plan, { members: { ana: 'member' } });
    const proposal = await scenario.proposal(group, { by: people.ana, submitted: true });
    const consultation = await scenario.consultation(plan, [proposal], { open: true });
    const watcher = await live.connect(people.moderator);
    expect((await watcher.subscribe(`consultation:${consultation.id}`)).ok).toBe(true);
    const vote = await scenario.vote(consultation, proposal, people.participant(1));
    await watcher.until(() => watcher.tallies.some((t) => t.turnout === 1), 'the tally of the vote');
    ok(await app.get(`/api/plans/${plan.id}?minPosition=${vote.position}`));
    expect((await app.get('/api/nowhere')).status).toBe(404);

    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(sample(text, 'cocrea_http_request_duration_seconds_count{method="POST",route="/api/plans",status="201"}')).toBe(1);
    expect(sample(text, 'cocrea_http_request_duration_seconds_count{method="GET",route="/api/plans/:id",status="200"}')).toBe(1);
    expect(sample(text, 'cocrea_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
    const recorded = (await app.events()).length;
    expect(sample(text, 'cocrea_events_appended_total')).toBe(recorded);
    expect(sample(text, 'cocrea_appends_total')).toBeGreaterThanOrEqual(7);
    expect(sample(text, 'cocrea_group_commit_appends_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cocrea_projection_lag_events{projection="plans"}')).toBe(0);
    expect(sample(text, 'cocrea_projection_lag_events{projection="consultations"}')).toBe(0);
    expect(sample(text, 'cocrea_live_sockets')).toBe(1);
    expect(sample(text, 'cocrea_live_rooms')).toBe(1);
    expect(sample(text, 'cocrea_live_tallies_sent_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cocrea_live_slow_sockets_dropped_total')).toBe(0);
    expect(text).toContain('cocrea_process_resident_memory_bytes');
  });

  it('answers liveness and readiness for an orchestrator', async () => {
    expect(ok(await app.get('/health/live'))).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
    const head = (await app.events()).length;
    expect(ok(await app.get('/health/ready'))).toMatchObject({
      status: 'ok',
      info: { log: { status: 'up', head }, projections: { status: 'up' } },
    });
    expect(ok(await app.get('/health'))).toEqual({ status: 'ok' });
  });
});

describe('logs', () => {
  const node = new ApiNode('logs', freePort(), {});
  beforeAll(async () => {
    buildApp();
    await node.start();
  });
  afterAll(() => node.stop());

  it('writes one JSON line per request, with its ids, and no token; few lines at start; no colours in a file', async () => {
    const started = node.log;
    const token = people.moderator;
    const response = await fetch(`${node.url}/api/plans`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-correlation-id': 'corr-42',
        'x-request-id': 'req-7',
      },
      body: JSON.stringify({ title: 'P', country: 'CO', periodStart: '2017-07-01', periodEnd: '2019-06-30', themes: ['t'] }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req-7');
    await fetch(`${node.url}/health`);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = node.log.trim().split('\n');
    expect(lines.every((line) => line.startsWith('{'))).toBe(true);
    expect(node.log).not.toMatch(/\u001b\[/);
    expect(node.log).not.toContain(token);
    expect(started.trim().split('\n').length).toBeLessThanOrEqual(8);
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.req);
    expect(requests).toHaveLength(1); // health probes are not logged
    expect(requests[0]).toMatchObject({
      level: 30,
      req: { id: 'req-7', method: 'POST', url: '/api/plans' },
      res: { statusCode: 201 },
      correlationId: 'corr-42',
      responseTime: expect.any(Number),
    });
  });
});
