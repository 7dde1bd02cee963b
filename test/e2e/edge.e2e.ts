import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { request as httpRequest } from 'node:http';
import { BODY_SHAPE, EveryRouteDeclaresAccess, MAX_LISTED_FIELDS, Public, ROLES } from '@cocrea/platform';
import { DiscoveryModule } from '@nestjs/core';
import { TestApp, ok, people, tokenFor } from '../support/app-harness';
import { Scenario, type WorkingGroup } from '../support/scenario';

/** The door of the API: what it refuses before any command runs, and how it says so. */
describe('the HTTP edge', () => {
  let app: TestApp;
  let ids: { plan: string; group: string; proposal: string; consultation: string; commitment: string; comment: string };
  let group: WorkingGroup;

  beforeAll(async () => {
    app = await TestApp.start();
    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    const proposal = await scenario.proposal(group, { by: people.ana, submitted: true });
    const consultation = await scenario.consultation(plan, [proposal]);
    const commitment = await scenario.commitment(await scenario.proposal(group, { by: people.ana, submitted: true }));
    const comment = ok(await app.post('/api/comments', people.ana, { targetType: 'proposal', targetId: proposal.id, body: 'hola' }), 201);
    ids = {
      plan: plan.id,
      group: group.id,
      proposal: proposal.id,
      consultation: consultation.id,
      commitment: commitment.id,
      comment: comment.id,
    };
  });
  afterAll(() => app?.stop());

  const comment = (body: Record<string, unknown>) => app.post('/api/comments', people.ana, body);

  describe('oversized structure', () => {
    it('answers ten 70,000-key bodies with a short 400 each, while /health keeps answering', async () => {
      const huge: Record<string, unknown> = { targetType: 'proposal', targetId: ids.proposal, body: 'x' };
      for (let i = 0; i < 70_000; i++) huge[`k${i}`] = i;
      const rawBody = JSON.stringify(huge);
      expect(rawBody.length).toBeGreaterThan(700_000);
      const before = (await app.events()).length;
      const [refusals, health] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => app.request('POST', '/api/comments', { token: people.ana, rawBody }))),
        Promise.all(Array.from({ length: 10 }, () => app.get('/health'))),
      ]);
      for (const refusal of refusals) {
        expect(refusal.status).toBe(400);
        expect(refusal.body.message).toBe(`body has 70003 fields; at most ${BODY_SHAPE.maxKeysPerObject} are accepted`);
        expect(JSON.stringify(refusal.body).length).toBeLessThan(200);
      }
      expect(health.map((h) => h.status)).toEqual(Array(10).fill(200));
      expect((await app.events()).length).toBe(before);
    });

    it('refuses long arrays, deep nesting and too many members in all, naming the limit', async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        [
          'long array',
          { proposalIds: Array(BODY_SHAPE.maxArrayLength + 1).fill('x') },
          /body.proposalIds is an array of 1001 items; at most 1000/,
        ],
        ['deep', JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)), /nested deeper than 32 levels/],
        [
          'many members',
          { list: Array.from({ length: 10 }, () => Array.from({ length: 600 }, (_, i) => i)) },
          /more than 5000 fields and items in all/,
        ],
      ];
      for (const [name, body, message] of cases) {
        const response = await app.post('/api/consultations', people.moderator, body);
        expect({ name, status: response.status, message: response.body.message }).toEqual({
          name,
          status: 400,
          message: expect.stringMatching(message),
        });
      }
    });

    it('lists at most the first fields a validation refuses, and counts the rest', async () => {
      const body: Record<string, unknown> = { targetType: 'proposal', targetId: ids.proposal, body: 'x' };
      for (let i = 0; i < 60; i++) body[`stray${i}`] = i;
      const response = await comment(body);
      expect(response.status).toBe(400);
      expect(response.body.details).toHaveLength(MAX_LISTED_FIELDS);
      expect(response.body.message).toMatch(/^stray0: property stray0 should not exist; .*; and 40 more fields$/);
    });
  });

  it('answers headers over 16 KB with 431 and the error body', async () => {
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const url = new URL(`${app.url}/health`);
      const request = httpRequest({ host: url.hostname, port: url.port, path: '/health', headers: { 'x-filler': 'x'.repeat(20_000) } });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, type: String(response.headers['content-type']), body }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toMatch(/application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'request headers are larger than the limit of 16 KB',
    });
    ok(await app.get('/health'));
  });

  it('scopes an Idempotency-Key to the route matched, whatever case or trailing slash the path was written with', async () => {
    const body = { targetType: 'proposal', targetId: ids.proposal, body: 'una sola vez' };
    const headers = { 'idempotency-key': 'k-route-scope' };
    const before = (await app.events()).length;
    const answers = [];
    for (const path of ['/api/comments', '/API/COMMENTS', '/api/comments/']) answers.push(await app.post(path, people.ana, body, headers));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await app.events()).length - before).toBe(1);

    // The route's ids are part of the scope: one key on two proposals is two commands.
    const scenario = new Scenario(app);
    const drafts = [await scenario.proposal(group, { by: people.ana }), await scenario.proposal(group, { by: people.ana })];
    const submits = [];
    for (const draft of drafts)
      submits.push(await app.post(`/api/proposals/${draft.id}/submit`, people.ana, {}, { 'idempotency-key': 'k-ids' }));
    expect(submits.map((s) => [s.status, s.body.id])).toEqual(drafts.map((d) => [200, d.id]));
  });

  describe('who may call each route', () => {
    it('lets only participants and members read their own ballot', async () => {
      const mine = `/api/consultations/${ids.consultation}/votes/mine`;
      expect((await app.get(mine, people.auditor)).body).toMatchObject({
        statusCode: 403,
        message: 'requires one of the roles: participant, member',
      });
      expect((await app.get(mine, people.moderator)).status).toBe(403);
      ok(await app.get(mine, people.participant(1)));
    });

    it('refuses to start an application with a route that does not say who may call it', async () => {
      @Controller('somewhere')
      class Undeclared {
        @Get('open')
        @Public()
        open() {
          return 'ok';
        }
        @Get('forgotten')
        forgotten() {
          return 'anyone with a token';
        }
      }
      @Module({ imports: [DiscoveryModule], controllers: [Undeclared], providers: [EveryRouteDeclaresAccess] })
      class Careless {}
      const careless = await NestFactory.create(Careless, { logger: false, abortOnError: false });
      await expect(careless.init()).rejects.toThrow('routes without @Public() or @Roles(...): Undeclared.forgotten');
      await careless.close();
    });
  });

  it('refuses unknown query parameters on every route the API describes, naming them', async () => {
    const document = ok(await app.get('/api/docs-json'));
    const idFor: Record<string, string> = {
      '/api/plans/{id}': ids.plan,
      '/api/working-groups/{id}': ids.group,
      '/api/proposals/{id}': ids.proposal,
      '/api/consultations/{id}': ids.consultation,
      '/api/commitments/{id}': ids.commitment,
      '/api/comments/{id}': ids.comment,
    };
    const fill = (path: string) =>
      path
        .replace(/^\/api\/[a-z-]+\/\{id\}/, (route) => route.replace('{id}', idFor[route] ?? ids.plan))
        .replace('{commitmentId}', ids.commitment)
        .replace('{proposalId}', ids.proposal)
        .replace('{streamId}', `plan-${ids.plan}`)
        .replace('{userId}', 'ana');
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => [method.toUpperCase(), fill(path)] as const),
    );
    expect(operations.length).toBeGreaterThan(40);
    // Whoever may call the route: the query is refused before the rules of any command are asked.
    const everyRole = tokenFor('root', [...ROLES]);
    const before = (await app.events()).length;
    for (const [method, path] of operations) {
      const response = await app.request(method, `${path}?planid=${ids.plan}`, {
        token: everyRole,
        body: method === 'GET' ? undefined : {},
      });
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({ route: `${method} ${path}`, status: 400 });
      expect(response.body.message).toMatch(/planid/);
    }
    expect((await app.events()).length).toBe(before);
    // minPosition is understood by every GET.
    ok(await app.get(`/api/proposals/${ids.proposal}/history?minPosition=1`, people.ana));
  });

  describe('headers and origins', () => {
    it('sends security headers, and no CORS headers unless origins are configured', async () => {
      const response = await app.request('GET', '/health', { headers: { origin: 'https://elsewhere.example' } });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await app.request('OPTIONS', '/api/comments', {
        headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('serves Swagger UI under that policy: its page loads only scripts and styles of its own', async () => {
      const page = await fetch(`${app.url}/api/docs`).then((r) => r.text());
      expect(page).toContain('swagger-ui-bundle.js');
      expect(page).not.toMatch(/<script>[^<]/);
      const init = await fetch(`${app.url}/api/docs/swagger-ui-init.js`);
      expect(init.status).toBe(200);
    });

    it('answers the configured origins, exposing the headers a browser client reads', async () => {
      const portal = await TestApp.start({ config: { corsOrigins: ['https://portal.example'] } });
      try {
        const preflight = await portal.request('OPTIONS', '/api/comments', {
          headers: {
            origin: 'https://portal.example',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type,idempotency-key',
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe('https://portal.example');
        expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
        const read = await portal.request('GET', '/health', { headers: { origin: 'https://portal.example' } });
        expect(read.headers.get('access-control-allow-origin')).toBe('https://portal.example');
        expect(read.headers.get('access-control-expose-headers')).toBe('Retry-After,Location,X-Correlation-Id');
        const stranger = await portal.request('GET', '/health', { headers: { origin: 'https://elsewhere.example' } });
        expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        await portal.stop();
      }
    });
  });
});
