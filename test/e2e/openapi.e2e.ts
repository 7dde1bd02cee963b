import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp, ok, people } from '../support/app-harness';
import { ROOT } from '../support/node-process';

type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema?: { format?: string } }>;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
};
const operationsOf = (document: { paths: Record<string, Record<string, Operation>> }) =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, method, path, operation })),
  );

/** The OpenAPI document is generated from the code: every contract route must be in it. */
describe('the OpenAPI document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  it('is served without a token and documents every route of the contract', async () => {
    const { status, body } = await app.get('/api/docs-json');
    expect(status).toBe(200);
    const operations = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const contract = [
      'POST /api/plans',
      'GET /api/plans/{id}',
      'POST /api/working-groups',
      'POST /api/working-groups/{id}/members',
      'GET /api/working-groups/{id}',
      'POST /api/proposals',
      'GET /api/proposals',
      'GET /api/proposals/{id}',
      'PATCH /api/proposals/{id}',
      'POST /api/proposals/{id}/submit',
      'POST /api/proposals/{id}/withdraw',
      'POST /api/proposals/{id}/accept',
      'POST /api/proposals/{id}/reject',
      'GET /api/proposals/{id}/history',
      'POST /api/consultations',
      'POST /api/consultations/{id}/open',
      'POST /api/consultations/{id}/pause',
      'POST /api/consultations/{id}/close',
      'PUT /api/consultations/{id}/votes/{proposalId}',
      'DELETE /api/consultations/{id}/votes/{proposalId}',
      'GET /api/consultations/{id}/results',
      'POST /api/comments',
      'POST /api/comments/{id}/hide',
      'POST /api/comments/{id}/restore',
      'GET /api/comments',
      'POST /api/commitments',
      'POST /api/commitments/{id}/milestones',
      'POST /api/commitments/{id}/progress',
      'GET /api/commitments',
      'GET /api/commitments/{id}',
      'GET /api/audit/events',
      'GET /api/audit/streams/{streamId}',
      'GET /api/audit/verify',
      'GET /api/audit/checkpoint',
      'GET /api/audit/public-key',
      'GET /api/audit/export',
      'GET /api/audit/trace/{commitmentId}',
      'GET /api/proposals/{id}/diff',
      'GET /api/plans/{id}/export.csv',
      'GET /api/plans/{id}/export.json',
      'GET /health',
    ];
    expect(contract.filter((route) => !operations.includes(route))).toEqual([]);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.components.schemas.CreatePlanDto.required).toEqual(expect.arrayContaining(['title', 'country', 'themes']));
  });

  it('passes Redocly’s recommended rules with no error and no warning', () => {
    return app.get('/api/docs-json').then(({ body }) => {
      const folder = mkdtempSync(join(tmpdir(), 'cocrea-openapi-'));
      try {
        const file = join(folder, 'openapi.json');
        writeFileSync(file, JSON.stringify(body));
        const lint = spawnSync(join(ROOT, 'node_modules/.bin/redocly'), ['lint', file, '--format=summary'], { encoding: 'utf8' });
        const output = `${lint.stdout}${lint.stderr}`;
        expect({ status: lint.status, verdict: /Your API description is valid/.test(output) }).toEqual({ status: 0, verdict: true });
        expect(output).not.toMatch(/^(error|warning)\s/m);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  it('describes every answer, every refusal and every parameter of every operation', async () => {
    const document = ok(await app.get('/api/docs-json'));
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(55);
    for (const { route, method, path, operation } of operations) {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect({ route, summary: Boolean(operation.summary), tags: Boolean(operation.tags?.length) }).toEqual({
        route,
        summary: true,
        tags: true,
      });
      expect({ route, documented: success.length === 1 && Boolean(Object.values(success[0][1].content ?? {})[0]?.schema) }).toEqual({
        route,
        documented: true,
      });
      if (!path.startsWith('/api/')) continue;
      const names = (operation.parameters ?? []).map((parameter) => parameter.name);
      const write = method !== 'get';
      expect({ route, names: names.filter((name) => ['minPosition', 'Idempotency-Key', 'X-Correlation-Id'].includes(name)) }).toEqual({
        route,
        names: write ? ['Idempotency-Key', 'X-Correlation-Id'] : ['minPosition'],
      });
      for (const status of ['400', '401', ...(path.includes('{') ? ['404'] : []), ...(write ? ['422', '429'] : [])]) {
        expect({ route, status, schema: operation.responses[status]?.content?.['application/json']?.schema }).toEqual({
          route,
          status,
          schema: { $ref: '#/components/schemas/ErrorBody' },
        });
      }
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && ['id', 'proposalId', 'commitmentId'].includes(parameter.name)) {
          expect({ route, format: parameter.schema?.format }).toEqual({ route, format: 'uuid' });
        }
      }
    }
    // Creates answer 201; commands on an existing resource 200; commands that take no body declare none.
    const status = (route: string) =>
      Object.keys(operations.find((o) => o.route === route)!.operation.responses).find((s) => s.startsWith('2'));
    expect(['POST /api/plans', 'POST /api/proposals', 'POST /api/consultations', 'POST /api/comments'].map(status)).toEqual([
      '201',
      '201',
      '201',
      '201',
    ]);
    expect(['POST /api/proposals/{id}/submit', 'PUT /api/consultations/{id}/votes/{proposalId}'].map(status)).toEqual(['200', '200']);
    expect(operations.find((o) => o.route === 'POST /api/proposals/{id}/submit')!.operation.requestBody).toBeUndefined();
    // Reads are typed: a client generated from the document knows what a plan is.
    expect(document.paths['/api/plans/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PlanViewDto',
    });
    expect(document.components.schemas.PlanViewDto.required).toEqual(
      expect.arrayContaining(['id', 'title', 'phase', 'revision', 'position']),
    );
  });

  it("is what the web app's client (apps/web/src/api) was generated from: npm run build:client -- --check", async () => {
    // In its own process (it boots a server of its own to read the document): the generator loads ES modules.
    const check = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'scripts/build-client.ts'), '--check'], { cwd: ROOT });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(check).toEqual({ status: 0, stderr: '' });
  }, 120_000);

  it('generates a client (@hey-api/openapi-ts) that compiles under strict TypeScript and reads a plan back typed, without a cast', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cocrea-client-'));
    try {
      const document = join(folder, 'openapi.json');
      writeFileSync(document, JSON.stringify(ok(await app.get('/api/docs-json'))));
      const generate = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/@hey-api/openapi-ts/bin/run.js'),
          '-i',
          document,
          '-o',
          join(folder, 'client'),
          '-c',
          '@hey-api/client-fetch',
          '--no-log-file',
          '-s',
        ],
        { encoding: 'utf8', cwd: folder },
      );
      expect({ status: generate.status, stderr: generate.stderr }).toEqual({ status: 0, stderr: '' });
      const script = [
        "import { client } from './client/client.gen';",
        "import { plansControllerCreate, plansControllerGet } from './client/sdk.gen';",
        "import type { PlanViewDto } from './client/types.gen';",
        '',
        'declare const process: { env: Record<string, string | undefined> };',
        "client.setConfig({ baseUrl: process.env.BASE_URL ?? '', auth: process.env.TOKEN ?? '' });",
        'const created = await plansControllerCreate({',
        "  body: { title: 'III Plan', country: 'CO', periodStart: '2017-07-01', periodEnd: '2019-06-30', themes: ['transparency'] },",
        '  throwOnError: true,',
        '});',
        'const read = await plansControllerGet({ path: { id: created.data.id }, query: { minPosition: created.data.position }, throwOnError: true });',
        'const plan: PlanViewDto = read.data;',
        "const phase: 'co-creation' | 'consultation' | 'adopted' | 'implementation' | 'closed' = plan.phase;",
        'const themes: string[] = plan.themes;',
        'console.log(JSON.stringify({ id: plan.id, title: plan.title, phase, themes, revision: plan.revision }));',
      ].join('\n');
      expect(script).not.toMatch(/\bas\b|<[A-Z]\w*>|!\./);
      writeFileSync(join(folder, 'read-plan.ts'), script);
      writeFileSync(
        join(folder, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022', 'DOM'],
            skipLibCheck: false,
          },
          files: ['read-plan.ts'],
        }),
      );
      writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: 'module' }));
      const compile = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', folder], { encoding: 'utf8' });
      expect({ status: compile.status, output: compile.stdout }).toEqual({ status: 0, output: '' });
      // Not spawnSync: the server answering the script runs in this very process.
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(folder, 'read-plan.ts')], {
          env: { ...process.env, BASE_URL: app.url, TOKEN: people.moderator },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual({
        id: expect.any(String),
        title: 'III Plan',
        phase: 'co-creation',
        themes: ['transparency'],
        revision: 1,
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
