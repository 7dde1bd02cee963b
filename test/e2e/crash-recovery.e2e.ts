import { tokenFor } from '../support/app-harness';
import { ApiNode, buildApp, freePort } from '../support/node-process';

const moderator = tokenFor('mod-1', ['moderator']);

describe('a crash of the server process (SIGKILL)', () => {
  /** The built server in its own process, as `npm start` runs it, on the embedded store. */
  const server = new ApiNode('crash', freePort(), {});

  const createPlan = (n: number) =>
    server
      .request('POST', '/api/plans', moderator, {
        title: `Plan ${n}`,
        country: 'CO',
        periodStart: '2020-01-01',
        periodEnd: '2021-01-01',
        themes: ['t'],
      })
      .then((r) => (r.status === 201 ? (r.body as { id: string; position: number }) : undefined));

  beforeAll(() => buildApp(), 120_000);
  afterAll(async () => {
    await server.kill();
    server.removeData();
  });

  it('loses no acknowledged command', async () => {
    await server.start();
    const acknowledged: Array<{ id: string; position: number }> = [];
    let n = 0;
    // Eight clients keep creating plans; the process is killed while they are at it.
    const clients = Array.from({ length: 8 }, async () => {
      for (;;) {
        const created = await createPlan(n++).catch(() => undefined);
        if (!created) return;
        acknowledged.push(created);
      }
    });
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
    await server.kill();
    await Promise.all(clients);

    await server.start();
    const last = Math.max(...acknowledged.map((a) => a.position));
    for (const { id } of acknowledged) {
      const response = await server.request('GET', `/api/plans/${id}?minPosition=${last}`, moderator);
      expect({ id, status: response.status }).toEqual({ id, status: 200 });
    }
    await server.stop();
  });
});
