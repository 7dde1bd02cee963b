import { TestApp } from '../support/app-harness';

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
});
