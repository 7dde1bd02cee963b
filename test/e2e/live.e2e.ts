import { LiveClient } from '../support/live-client';
import { TestApp, people, tokenFor } from '../support/app-harness';

describe('live updates over socket.io', () => {
  let app: TestApp;
  let planId: string;
  let groupId: string;
  const clients: LiveClient[] = [];
  const connect = async (token: string) => {
    const client = await LiveClient.connect(app.url, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    planId = (await app.post('/api/plans', people.moderator, { title: 'P', country: 'CO', periodStart: '2020-01-01', periodEnd: '2021-01-01', themes: ['t'] })).body.id;
    groupId = (await app.post('/api/working-groups', people.moderator, { planId, name: 'G', theme: 't' })).body.id;
    await app.post(`/api/working-groups/${groupId}/members`, people.moderator, { userId: 'ana', role: 'member' });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => app.stop());

  const draft = (title: string) =>
    app.post('/api/proposals', people.ana, {
      planId, workingGroupId: groupId, title, leadEntity: 'E', branch: 'executive', themes: ['t'],
      sections: { problem: 'p', objective: 'o', description: 'd' },
    });

  it('refuses a handshake without a valid token, saying why', async () => {
    const missing = await new LiveClient(app.url, undefined).refused();
    expect(missing.message).toMatch(/unauthorized: missing token/);
    const forged = await new LiveClient(app.url, tokenFor('x', ['admin'], 'x', 'wrong-secret')).refused();
    expect(forged.message).toMatch(/unauthorized: token signature is invalid/);
  });

  it('catches up from a position, then streams live, in order and without duplicates', async () => {
    const proposal = (await draft('Live one')).body;
    const room = `proposal:${proposal.id}`;
    for (let i = 0; i < 5; i++) {
      await app.patch(`/api/proposals/${proposal.id}`, people.ana, { expectedRevision: 1 + i, changes: { problem: `p${i}` } });
    }
    const client = await connect(people.beto);
    const ack = await client.subscribe(room, 0);
    expect(ack).toEqual({ ok: true, position: expect.any(Number) });
    await client.until(() => client.events.length >= 6, 'catch-up');
    expect(client.events.map((e) => e.type)).toEqual(['ProposalDrafted', ...Array(5).fill('ProposalSectionEdited')]);
    expect(client.events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6]);
    const edit = await app.patch(`/api/proposals/${proposal.id}`, people.ana, { expectedRevision: 6, changes: { objective: 'live' } });
    await client.until(() => client.events.length === 7, 'the live edit');
    expect(client.events[6]).toMatchObject({ room, type: 'ProposalSectionEdited', revision: 7, position: edit.body.position, data: { section: 'objective', text: 'live' } });
    expect(client.events[6].metadata).toMatchObject({ actorId: 'ana' });
  });
});
