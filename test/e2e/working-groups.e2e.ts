import { TestApp, ok, people } from '../support/app-harness';
import { Scenario, bodies } from '../support/scenario';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('working groups over HTTP', () => {
  let app: TestApp;
  let scenario: Scenario;
  let planId: string;
  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    planId = (await scenario.plan()).id;
  });
  afterAll(() => app.stop());

  it('forms a group and reads it back with its members', async () => {
    const formed = ok(
      await app.post('/api/working-groups', people.moderator, { planId, name: 'Mesa de transparencia', theme: 'transparency' }),
      201,
    );
    expect(formed).toEqual({ id: expect.any(String), revision: 1, position: expect.any(Number) });
    const ana = await app.post(`/api/working-groups/${formed.id}/members`, people.moderator, { userId: 'ana', role: 'lead' });
    const beto = await app.post(`/api/working-groups/${formed.id}/members`, people.admin, { userId: 'beto', role: 'member' });
    expect(ana).toEqual({ status: 200, body: { id: formed.id, revision: 2, position: expect.any(Number) } });
    expect(beto.body.revision).toBe(3);

    const read = await app.get(`/api/working-groups/${formed.id}?minPosition=${beto.body.position}`, people.ana);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: formed.id,
      planId,
      name: 'Mesa de transparencia',
      theme: 'transparency',
      createdBy: 'mod-1',
      revision: 3,
      members: [
        { userId: 'ana', role: 'lead', since: expect.any(String) },
        { userId: 'beto', role: 'member', since: expect.any(String) },
      ],
    });
  });

  it('treats adding a member again with the same role as a no-op, and another role as a role change', async () => {
    const group = await scenario.workingGroup(planId);
    const added = await app.post(`/api/working-groups/${group.id}/members`, people.moderator, { userId: 'ana', role: 'member' });
    const before = (await app.events()).length;
    const again = await app.post(`/api/working-groups/${group.id}/members`, people.moderator, { userId: 'ana', role: 'member' });
    expect(again).toEqual({ status: 200, body: added.body });
    expect((await app.events()).length).toBe(before);

    const promoted = await app.post(`/api/working-groups/${group.id}/members`, people.moderator, { userId: 'ana', role: 'lead' });
    expect(promoted.body.revision).toBe(3);
    const events = (await app.events()).filter((e) => e.streamId === `workingGroup-${group.id}`);
    expect(events.map((e) => e.type)).toEqual(['WorkingGroupFormed', 'MemberAdded', 'MemberRoleChanged']);
    expect(events[2].data).toEqual({ workingGroupId: group.id, userId: 'ana', from: 'member', to: 'lead' });

    const read = await app.get(`/api/working-groups/${group.id}?minPosition=${promoted.body.position}`, people.beto);
    expect(read.body.members).toEqual([{ userId: 'ana', role: 'lead', since: expect.any(String) }]);
  });

  it('removes a member', async () => {
    const group = await scenario.workingGroup(planId, { members: { ana: 'member', beto: 'member' } });
    const removed = await app.delete(`/api/working-groups/${group.id}/members/ana`, people.admin);
    expect(removed).toEqual({ status: 200, body: { id: group.id, revision: 4, position: expect.any(Number) } });
    const read = await app.get(`/api/working-groups/${group.id}?minPosition=${removed.body.position}`, people.ana);
    expect(read.body.members.map((m: { userId: string }) => m.userId)).toEqual(['beto']);
  });

  it('lists the groups of a plan', async () => {
    const other = await scenario.plan({ title: 'IV Plan', themes: ['environment'], by: people.admin });
    const first = await scenario.workingGroup(other, { name: 'Mesa A', theme: 'environment' });
    const second = await scenario.workingGroup(other, { name: 'Mesa B', theme: 'environment' });
    const listed = await app.get(`/api/working-groups?planId=${other.id}&minPosition=${second.position}`, people.ana);
    expect(listed.status).toBe(200);
    expect(listed.body.map((g: { id: string }) => g.id)).toEqual([first.id, second.id]);
    const all = await app.get(`/api/working-groups?minPosition=${second.position}`, people.ana);
    expect(all.body.length).toBeGreaterThan(2);
  });

  it('refuses bad input, naming the problem, and records nothing', async () => {
    const group = await scenario.workingGroup(planId);
    const members = `/api/working-groups/${group.id}/members`;
    const before = (await app.events()).length;
    const body = bodies.workingGroup(planId);
    const cases: Array<[string, { status: number; body: any }, number, RegExp]> = [
      ['no token', await app.post('/api/working-groups', undefined, body), 401, /bearer token/],
      ['wrong role', await app.post('/api/working-groups', people.ana, body), 403, /admin, moderator/],
      ['missing name', await app.post('/api/working-groups', people.moderator, { ...body, name: undefined }), 400, /name/],
      ['unknown field', await app.post('/api/working-groups', people.moderator, { ...body, color: 'red' }), 400, /color/],
      ['planId not a uuid', await app.post('/api/working-groups', people.moderator, { ...body, planId: 'p1' }), 400, /planId/],
      ['unknown plan', await app.post('/api/working-groups', people.moderator, { ...body, planId: UNKNOWN_ID }), 404, /plan .* not found/],
      ['theme not in plan', await app.post('/api/working-groups', people.moderator, { ...body, theme: 'sports' }), 422, /sports/],
      ['member wrong role', await app.post(members, people.ana, { userId: 'ana', role: 'member' }), 403, /admin, moderator/],
      ['member bad role', await app.post(members, people.moderator, { userId: 'ana', role: 'boss' }), 400, /role/],
      ['member wrong type', await app.post(members, people.moderator, { userId: 42, role: 'member' }), 400, /userId/],
      [
        'member of unknown group',
        await app.post(`/api/working-groups/${UNKNOWN_ID}/members`, people.moderator, { userId: 'ana', role: 'member' }),
        404,
        /working group .* not found/,
      ],
      ['remove non-member', await app.delete(`${members}/zoe`, people.moderator), 404, /zoe is not a member/],
      ['remove wrong role', await app.delete(`${members}/ana`, people.beto), 403, /admin, moderator/],
      ['group not a uuid', await app.get('/api/working-groups/nope', people.ana), 400, /id must be a UUID/],
      ['unknown group', await app.get(`/api/working-groups/${UNKNOWN_ID}`, people.ana), 404, /not found/],
      ['list bad planId', await app.get('/api/working-groups?planId=x', people.ana), 400, /planId/],
    ];
    for (const [name, response, status, message] of cases) {
      expect({ name, status: response.status }).toEqual({ name, status });
      expect({ name, message: response.body.message }).toEqual({ name, message: expect.stringMatching(message) });
      expect(response.body.statusCode).toBe(status);
    }
    expect((await app.events()).length).toBe(before);
  });

  it('records every member when many are added at once', async () => {
    const group = await scenario.workingGroup(planId);
    const added = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        app.post(`/api/working-groups/${group.id}/members`, people.moderator, { userId: `user-${i}`, role: 'member' }),
      ),
    );
    expect(added.map((r) => r.status)).toEqual(Array(15).fill(200));
    const last = Math.max(...added.map((r) => r.body.position));
    const read = await app.get(`/api/working-groups/${group.id}?minPosition=${last}`, people.ana);
    expect(read.body.members).toHaveLength(15);
    expect(read.body.revision).toBe(16);
  });
});
