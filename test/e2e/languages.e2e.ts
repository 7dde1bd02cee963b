import { TestApp, people } from '../support/app-harness';
import { LiveClient } from '../support/live-client';
import { Scenario } from '../support/scenario';

const SPANISH = { 'accept-language': 'es-CO,es;q=0.9,en;q=0.5' };
const UNKNOWN_ID = '0190a0a0-0000-7000-8000-000000000000';

/** Error messages in the language the client asks for (Accept-Language), English or Spanish; the codes never change. */
describe('error messages in Spanish or English', () => {
  let app: TestApp;
  let proposal: string;

  beforeAll(async () => {
    app = await TestApp.start();
    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    const group = await scenario.workingGroup(plan, { members: { ana: 'lead' } });
    proposal = (await scenario.proposal(group, { by: people.ana, submitted: true })).id;
  });
  afterAll(() => app?.stop());

  it('says a refused command in Spanish when asked, with the same status and code, recording nothing', async () => {
    const before = (await app.events()).length;
    const english = await app.post(`/api/proposals/${proposal}/submit`, people.ana);
    const spanish = await app.post(`/api/proposals/${proposal}/submit`, people.ana, undefined, SPANISH);
    expect(english.status).toBe(422);
    expect(english.body).toMatchObject({ code: 'wrong-status', message: 'cannot submit a proposal that is submitted; it must be draft' });
    expect(english.headers.get('content-language')).toBe('en');
    expect(spanish.status).toBe(422);
    expect(spanish.body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'wrong-status',
      message: 'no se puede presentar una propuesta en estado submitted; debe estar en draft',
    });
    expect(spanish.headers.get('content-language')).toBe('es');
    expect(spanish.headers.get('vary')).toMatch(/Accept-Language/i);
    expect((await app.events()).length).toBe(before);
  });

  it('says reads that find nothing, missing sign-in, unknown routes and bodies of the wrong type in Spanish', async () => {
    const cases: Array<[Promise<{ status: number; body: any }>, number, string]> = [
      [app.request('GET', `/api/proposals/${UNKNOWN_ID}`, { headers: SPANISH }), 404, `no se encontró la propuesta ${UNKNOWN_ID}`],
      [app.request('POST', '/api/plans', { body: {}, headers: SPANISH }), 401, 'falta el token bearer en la cabecera Authorization'],
      [app.request('GET', '/api/nowhere', { headers: SPANISH }), 404, 'no existe la ruta GET /api/nowhere'],
      [
        app.request('POST', '/api/plans', { token: people.moderator, rawBody: 'x', headers: { ...SPANISH, 'content-type': 'text/plain' } }),
        415,
        'el cuerpo de la petición debe ser application/json, se recibió text/plain',
      ],
      [
        app.request('GET', `/api/proposals/${proposal}?colour=red`, { headers: SPANISH }),
        400,
        'colour: la propiedad colour no está permitida',
      ],
      [
        app.request('GET', `/api/proposals/${proposal}/history?colour=red`, { headers: SPANISH }),
        400,
        'parámetro de consulta desconocido: colour; esta ruta acepta minPosition',
      ],
    ];
    for (const [answer, status, message] of cases) expect(await answer).toMatchObject({ status, body: { statusCode: status, message } });
  });

  it('names each invalid field in Spanish, with the bounds of its rule, in the message and the details', async () => {
    const answer = await app.post('/api/plans', people.moderator, { title: '', periodStart: 'soon', colour: 'red' }, SPANISH);
    expect(answer.status).toBe(400);
    const problems = Object.fromEntries(answer.body.details.map((d: { field: string; problems: string[] }) => [d.field, d.problems]));
    expect(problems.title).toContain('title debe tener al menos 1 caracteres');
    expect(problems.periodStart).toContain('periodStart debe ser una fecha ISO 8601');
    expect(problems.colour).toEqual(['la propiedad colour no está permitida']);
    expect(answer.body.message).toContain('la propiedad colour no está permitida');
    const english = await app.post('/api/plans', people.moderator, { title: '', periodStart: 'soon', colour: 'red' });
    expect(english.body.message).toContain('property colour should not exist');
    expect(english.body.details.map((d: { field: string }) => d.field)).toEqual(answer.body.details.map((d: { field: string }) => d.field));
  });

  it('answers in English a client that asks for neither language or prefers English', async () => {
    for (const header of ['fr-FR,fr;q=0.9', 'en-US,es;q=0.5', '*']) {
      const answer = await app.request('GET', `/api/proposals/${UNKNOWN_ID}`, { headers: { 'accept-language': header } });
      expect(answer.body.message).toBe(`proposal ${UNKNOWN_ID} not found`);
    }
  });

  it('refuses sockets and their subscriptions in the language of the handshake, keeping the code before the colon', async () => {
    const anonymous = new LiveClient(app.url, undefined, { headers: SPANISH });
    try {
      expect((await anonymous.refused()).message).toBe('unauthorized: falta el token en auth.token');
    } finally {
      anonymous.close();
    }
    const client = new LiveClient(app.url, people.ana, { headers: SPANISH });
    try {
      await client.connected();
      const ack = await client.socket.emitWithAck('subscribe', { room: 'nowhere:1' });
      expect(ack.ok).toBe(false);
      expect(ack.error).toMatch(/^room debe ser una de plan:<uuid>, .*proposal:<uuid>/);
      expect(await client.socket.emitWithAck('unsubscribe', { room: `proposal:${proposal}` })).toEqual({
        ok: false,
        error: 'no está suscrito a esa sala',
      });
    } finally {
      client.close();
    }
  });
});

describe('DEFAULT_LANGUAGE=es', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start({ config: { language: 'es' } })));
  afterAll(() => app?.stop());

  it('answers in Spanish a client that names no language, and in English one that asks for it', async () => {
    const path = `/api/proposals/${UNKNOWN_ID}`;
    expect((await app.get(path)).body.message).toBe(`no se encontró la propuesta ${UNKNOWN_ID}`);
    expect((await app.request('GET', path, { headers: { 'accept-language': 'en' } })).body.message).toBe(
      `proposal ${UNKNOWN_ID} not found`,
    );
  });
});
