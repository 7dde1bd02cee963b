import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import { TestApp, ok, people } from '../support/app-harness';
import { liveClients } from '../support/live-client';
import { Scenario } from '../support/scenario';

/** The AsyncAPI document of /live: valid for the AsyncAPI parser, and true of what a booted app sends. */
describe('the AsyncAPI document', () => {
  let app: TestApp;
  const live = liveClients(() => app.url);
  beforeAll(async () => {
    app = await TestApp.start({ live: { tallyIntervalMs: 10 } });
  });
  afterAll(async () => {
    live.closeAll();
    await app?.stop();
  });

  it('parses with @asyncapi/parser without an error, and lists every room the features declare', async () => {
    const document = ok(await app.get('/api/docs/asyncapi.json'));
    const { diagnostics } = await new Parser().parse(JSON.stringify(document));
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document.channels.live.description).toBe(
      'rooms: plan:<uuid>, working-group:<uuid>, proposal:<uuid>, consultation:<uuid>, commitment:<uuid>, meeting:<uuid>',
    );
  });

  it('describes every message a real session receives, and every answer to what it sends', async () => {
    const document = ok(await app.get('/api/docs/asyncapi.json'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const check = (name: string, payload: unknown) => {
      const schema = document.channels.live.messages[name]?.payload;
      expect({ name, described: schema !== undefined }).toEqual({ name, described: true });
      const validate = ajv.compile(schema);
      expect({ name, payload, errors: validate(payload) ? null : validate.errors }).toEqual({ name, payload, errors: null });
    };

    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    const group = await scenario.workingGroup(plan, { members: { ana: 'member' } });
    const proposal = await scenario.proposal(group, { by: people.ana, submitted: true });
    const consultation = await scenario.consultation(plan, [proposal], { open: true });
    const client = await live.connect(people.moderator);
    const acks = [
      ['subscribeAck', await client.subscribe(`proposal:${proposal.id}`, 0)],
      ['subscribeAck', await client.subscribe(`consultation:${consultation.id}`)],
      ['subscribeAck', await client.subscribe('nowhere:1')],
      ['ack', await client.socket.timeout(5000).emitWithAck('presence', { room: `proposal:${proposal.id}`, editing: 'problem' })],
      ['ack', await client.unsubscribe(`plan:${plan.id}`)],
    ] as const;
    for (const [name, payload] of acks) check(name, payload);

    await scenario.vote(consultation, proposal, people.participant(1));
    await client.until(() => client.tallies.some((t) => t.turnout === 1) && client.presence.length > 0, 'a tally and presence');
    const names = new Set(client.received.map((m) => m.name));
    expect([...names].sort()).toEqual(['event', 'presence', 'tally']);
    for (const { name, payload } of client.received) check(name, payload);
  });

  it("describes the messages of a meeting's room: its events, poll results, queue and attendance, as each audience gets them", async () => {
    const document = ok(await app.get('/api/docs/asyncapi.json'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const scenario = new Scenario(app);
    const meeting = await scenario.meeting(await scenario.plan());
    const moderator = await live.connect(people.moderator);
    const participant = await live.connect(people.participant(2));
    for (const client of [moderator, participant]) expect((await client.subscribe(`meeting:${meeting.id}`, 0)).ok).toBe(true);
    ok(await app.post(`/api/meetings/${meeting.id}/start`, people.moderator));
    const poll = ok(await app.post(`/api/meetings/${meeting.id}/polls`, people.moderator, { form: 'statement', question: 'Sí' }), 201);
    ok(await app.put(`/api/meetings/${meeting.id}/polls/${poll.id}/vote`, people.participant(1), { choices: ['agree'] }));
    const question = ok(await app.post(`/api/meetings/${meeting.id}/questions`, people.participant(1), { text: '¿Cuándo?' }), 201);
    ok(await app.post(`/api/meetings/${meeting.id}/questions/${question.id}/approve`, people.moderator, {}));
    ok(await app.post(`/api/meetings/${meeting.id}/attendance`, people.participant(1), { organisation: 'Uniandes', sector: 'academia' }));
    for (const client of [moderator, participant]) {
      await client.until(() => {
        const last = (name: string) => client.received.filter((m) => m.name === name).at(-1)?.payload;
        return last('poll-results')?.polls[0]?.voters === 1 && last('queue')?.approved.length === 1 && last('attendance')?.total === 1;
      }, 'poll results, the queue and attendance');
      expect([...new Set(client.received.map((m) => m.name))]).toEqual(
        expect.arrayContaining(['attendance', 'event', 'poll-results', 'queue']),
      );
      for (const { name, payload } of client.received) {
        const validate = ajv.compile(document.channels.live.messages[name].payload);
        expect({ name, payload, errors: validate(payload) ? null : validate.errors }).toEqual({ name, payload, errors: null });
      }
    }
  });
});
