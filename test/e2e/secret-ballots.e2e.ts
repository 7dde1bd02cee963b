import { ROLES } from '@cocrea/platform';
import { TestApp, ok, people, tokenFor } from '../support/app-harness';
import { liveClients } from '../support/live-client';
import { Scenario } from '../support/scenario';

/**
 * Secret ballots: a whole consultation is run, and every answer of the API, every export and every live message
 * is searched for each voter's user id and name. None holds them; each ballot is still one person's, recounted
 * from the log, and found again by its voter.
 */
describe('secret ballots', () => {
  let app: TestApp;
  const live = liveClients(() => app.url);
  const voters = Array.from({ length: 6 }, (_, n) => ({ id: `votante-${n}-7f3a`, name: `Votante Secreta ${n}` }));
  const tokens = voters.map((v) => tokenFor(v.id, ['participant'], v.name));

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    live.closeAll();
    await app?.stop();
  });

  it('never shows a voter next to a vote, anywhere, while counting every ballot', async () => {
    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    const group = await scenario.workingGroup(plan, { members: { ana: 'member' } });
    const proposals = [];
    for (let n = 0; n < 3; n++)
      proposals.push(await scenario.proposal(group, { by: people.ana, submitted: true, title: `Propuesta ${n}` }));
    const consultation = await scenario.consultation(plan, proposals, {
      open: true,
      rules: { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'live' },
    });
    const watcher = await live.connect(people.moderator);
    for (const room of [`consultation:${consultation.id}`, `plan:${plan.id}`]) expect((await watcher.subscribe(room, 0)).ok).toBe(true);

    const ballots = new Map<string, string>();
    for (const [n, token] of tokens.entries()) {
      const first = ok(await app.put(`/api/consultations/${consultation.id}/votes/${proposals[n % 3].id}`, token));
      // A client's Idempotency-Key may say anything, the voter's id included: it is not recorded.
      const headers = { 'idempotency-key': `voto-${voters[n].id}` };
      const path = `/api/consultations/${consultation.id}/votes/${proposals[(n + 1) % 3].id}`;
      ok(await app.request('PUT', path, { token, headers }));
      expect(ok(await app.request('PUT', path, { token, headers })).id).toBe(first.id);
      ballots.set(voters[n].id, first.id);
    }
    // Retraction and a repeated vote work on the pseudonymous ballot; the limit holds per person.
    ok(await app.delete(`/api/consultations/${consultation.id}/votes/${proposals[1].id}`, tokens[0]));
    expect((await app.put(`/api/consultations/${consultation.id}/votes/${proposals[0].id}`, tokens[1])).body.code).toBe(
      'vote-limit-reached',
    );
    const closed = await scenario.close(consultation);

    // One ballot each, found again by its voter and only by them.
    expect(new Set(ballots.values()).size).toBe(voters.length);
    for (const [n, token] of tokens.entries()) {
      const mine = ok(await app.get(`/api/consultations/${consultation.id}/votes/mine?minPosition=${closed.position}`, token));
      expect(mine.id).toBe(ballots.get(voters[n].id));
      expect(mine.votes).toHaveLength(n === 0 ? 1 : 2);
    }
    const results = ok(await app.get(`/api/consultations/${consultation.id}/results`, people.participant('x')));
    expect(results.turnout).toBe(voters.length);
    expect(results.results.reduce((sum: number, r: { votes: number }) => sum + r.votes, 0)).toBe(11);
    await watcher.until(() => watcher.events.some((e) => e.type === 'ConsultationClosed'), 'the close, live');

    // Everything anyone can read: every GET of the API description as someone holding every role, the audit
    // export and every stream of the log, the live messages.
    const everyRole = tokenFor('root', [...ROLES]);
    const document = ok(await app.get('/api/docs-json'));
    const log = await app.events();
    const answers: string[] = [];
    const get = async (path: string) => {
      const response = await app.request('GET', path, { token: everyRole });
      answers.push(`${path} ${response.status} ${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}`);
    };
    const ids: Record<string, string> = {
      plans: plan.id,
      'working-groups': group.id,
      proposals: proposals[0].id,
      consultations: consultation.id,
    };
    for (const path of Object.keys(document.paths as Record<string, unknown>)) {
      if (!(document.paths[path] as Record<string, unknown>).get) continue;
      const filled = path
        .replace(/^\/api\/([a-z-]+)\/\{id\}/, (route, kind: string) => route.replace('{id}', ids[kind] ?? plan.id))
        .replace('{proposalId}', proposals[0].id);
      if (filled.includes('{')) continue; // per stream: every stream is read below
      await get(filled);
    }
    for (const streamId of new Set(log.map((e) => e.streamId))) await get(`/api/audit/streams/${encodeURIComponent(streamId)}`);
    for (const proposal of proposals) await get(`/api/proposals/${proposal.id}/history`);
    await get(`/api/plans/${plan.id}/export.json`);
    await get(`/api/plans/${plan.id}/export.csv`);
    answers.push(await fetch(`${app.url}/api/audit/export`, { headers: { authorization: `Bearer ${everyRole}` } }).then((r) => r.text()));
    answers.push(JSON.stringify(watcher.received));
    answers.push(JSON.stringify(log));

    expect(answers.length).toBeGreaterThan(40);
    expect(answers.join('\n')).toContain(consultation.id);
    const ballotEvents = log.filter((e) => e.type === 'VoteCast' || e.type === 'VoteRetracted');
    expect(ballotEvents).toHaveLength(13);
    for (const event of ballotEvents) {
      expect(['actorId', 'causationId', 'commandId', 'correlationId', '$sealed']).toEqual(
        expect.arrayContaining(Object.keys(event.metadata)),
      );
      expect(Object.keys(event.metadata.$sealed as object)).toEqual(['metadata.actorId']);
      expect(event.metadata.actorId).toMatch(/^[0-9a-f]{32}$/);
      expect(event.streamId).toBe(`ballot-${consultation.id}.${event.metadata.actorId}`);
    }
    expect(ballotEvents.filter((e) => e.metadata.commandId).length).toBe(voters.length);
    for (const voter of voters) {
      for (const answer of answers) {
        expect(answer.includes(voter.id) ? `${voter.id} in ${answer.slice(0, 200)}` : 'absent').toBe('absent');
        expect(answer.includes(voter.name) ? `${voter.name} in ${answer.slice(0, 200)}` : 'absent').toBe('absent');
      }
    }
  });

  it('gives one voter unrelated ballots in two consultations', async () => {
    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    const group = await scenario.workingGroup(plan, { members: { ana: 'member' } });
    const proposal = await scenario.proposal(group, { by: people.ana, submitted: true });
    const [one, two] = [
      await scenario.consultation(plan, [proposal], { open: true }),
      await scenario.consultation(plan, [proposal], { open: true }),
    ];
    const a = ok(await app.put(`/api/consultations/${one.id}/votes/${proposal.id}`, tokens[0]));
    const b = ok(await app.put(`/api/consultations/${two.id}/votes/${proposal.id}`, tokens[0]));
    expect(a.id.split('.')[1]).not.toBe(b.id.split('.')[1]);
  });
});
