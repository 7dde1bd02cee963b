import { LiveClient, liveClients } from '../support/live-client';
import { TestApp, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

/** Who may be in a room is asked again when it can change: a member removed from a group leaves its room at once. */
describe('live rooms follow membership', () => {
  let app: TestApp;
  let scenario: Scenario;
  const { clients, connect, closeAll } = liveClients(() => app.url);
  const unsubscribedOf = (client: LiveClient) =>
    client.received.filter((message) => message.name === 'unsubscribed').map((message) => message.payload);

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
  });
  afterEach(closeAll);
  afterAll(() => app.stop());

  it('takes a removed member out of the group’s room, telling them why; the group goes on without them', async () => {
    const group = await scenario.workingGroup(await scenario.plan(), { members: { ana: 'member', beto: 'member' } });
    const groupId = group.id;
    const proposal = await scenario.proposal(group, { title: 'Datos abiertos', by: people.ana });
    const proposalId = proposal.id;
    const room = `working-group:${groupId}`;
    const ana = await connect(people.ana);
    const beto = await connect(people.beto);
    for (const client of [ana, beto]) {
      expect((await client.subscribe(room, 0)).ok).toBe(true);
      await client.until(() => client.events.some((e) => e.type === 'ProposalDrafted'), 'the group’s history');
    }
    await ana.until(() => ana.presenceOf(room)?.count === 2, 'both in the room');

    const removed = await app.delete(`/api/working-groups/${groupId}/members/beto`, people.moderator);
    expect(removed.status).toBe(200);
    await beto.until(() => unsubscribedOf(beto).length > 0, 'beto turned away');
    expect(unsubscribedOf(beto)).toEqual([{ room, reason: 'working-group rooms are for the group’s members, moderators and admins' }]);
    // He sees his own removal, the last event of the room he gets, and then that he is out.
    const [lastEvent, turnedAway] = beto.received.filter((m) => m.name === 'event' || m.name === 'unsubscribed').slice(-2);
    expect(lastEvent.payload).toMatchObject({ room, type: 'MemberRemoved', position: removed.body.position, data: { userId: 'beto' } });
    expect(turnedAway.name).toBe('unsubscribed');
    await ana.until(() => ana.presenceOf(room)?.count === 1, 'beto gone from the room');
    expect(ana.presenceOf(room).users).toEqual([{ userId: 'ana', name: 'Ana (sociedad civil)' }]);

    // The group's work goes on: ana gets the next edit, beto gets nothing of the group after his removal.
    const edit = await scenario.edit(proposal, { problem: 'After beto left' }, { by: people.ana, expectedRevision: 1 });
    await ana.reached(edit.position, room);
    await new Promise((r) => setTimeout(r, 100));
    expect(beto.positions(room).every((position) => position <= removed.body.position)).toBe(true);
    expect(beto.socket.connected).toBe(true);
    expect(await beto.unsubscribe(room)).toEqual({ ok: false, error: 'not subscribed to that room' });
    expect(await beto.subscribe(room, 0)).toEqual({
      ok: false,
      error: 'working-group rooms are for the group’s members, moderators and admins',
    });
    // Other rooms are not his group's: he still follows the proposal itself.
    expect((await beto.subscribe(`proposal:${proposalId}`, 0)).ok).toBe(true);
    await beto.reached(edit.position, `proposal:${proposalId}`);
    expect(unsubscribedOf(ana)).toEqual([]);
  });

  it('lets a member just added join at once, and keeps moderators in the room whatever the membership', async () => {
    const group = await scenario.workingGroup(await scenario.plan());
    const groupId = group.id;
    const room = `working-group:${groupId}`;
    const moderator = await connect(people.moderator);
    expect((await moderator.subscribe(room)).ok).toBe(true);
    // Who may join is read from the read models: the subscription waits for them to have applied the addition.
    const added = await scenario.member(group, 'ana');
    const ana = await connect(people.ana);
    expect(await ana.subscribe(room)).toEqual({ ok: true, position: expect.any(Number) });

    const removed = await app.delete(`/api/working-groups/${groupId}/members/ana`, people.moderator);
    await ana.until(() => unsubscribedOf(ana).length > 0, 'ana turned away');
    await moderator.reached(removed.body.position, room);
    expect(moderator.sequence(room)).toEqual([
      expect.objectContaining({ type: 'MemberAdded', position: added.position }),
      expect.objectContaining({ type: 'MemberRemoved', position: removed.body.position }),
    ]);
    expect(unsubscribedOf(moderator)).toEqual([]);
  });
});
