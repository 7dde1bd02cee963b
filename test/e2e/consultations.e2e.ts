import type { RecordedEvent } from '@cocrea/event-store';
import { Response, TestApp, ok, people, tokenFor } from '../support/app-harness';
import { Scenario } from '../support/scenario';

/** A consultation's rules, live tally and two votes each unless a test says otherwise. */
const RULES = { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'live' };
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const voter = (n: number | string) => people.participant(n);

describe('consultations over HTTP', () => {
  let app: TestApp;
  let scenario: Scenario;
  let planId: string;
  /** Four submitted proposals of the plan. */
  let proposals: string[];
  let draftProposal: string;
  let proposalOfAnotherPlan: string;

  /** A consultation of the four proposals under RULES with `rules` changed, scheduled (or opened): its id. */
  const schedule = async (rules: Partial<typeof RULES> = {}) =>
    (await scenario.consultation(planId, proposals, { rules: { ...RULES, ...rules } })).id;
  const opened = async (rules: Partial<typeof RULES> = {}) =>
    (await scenario.consultation(planId, proposals, { rules: { ...RULES, ...rules }, open: true })).id;

  const step = (id: string, to: 'open' | 'pause' | 'close', token = people.moderator) => app.post(`/api/consultations/${id}/${to}`, token);

  const vote = (id: string, proposalId: string, token: string) => app.put(`/api/consultations/${id}/votes/${proposalId}`, token);
  const retract = (id: string, proposalId: string, token: string) => app.delete(`/api/consultations/${id}/votes/${proposalId}`, token);

  /** Results as a viewer sees them once the read models have applied `position`. */
  const results = async (id: string, token: string, position: number) =>
    ok(await app.get(`/api/consultations/${id}/results?minPosition=${position}`, token));

  const ballotEvents = async (id: string): Promise<RecordedEvent[]> =>
    (await app.events()).filter((e) => e.streamId.startsWith(`ballot-${id}.`));

  const refused = (response: Response, status: number, code?: string) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code: code ?? response.body.code });
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  };

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    planId = (await scenario.plan()).id;
    const group = await scenario.workingGroup(planId);
    proposals = [];
    for (const title of ['Datos abiertos', 'Presupuesto participativo', 'Contratación abierta', 'Justicia abierta']) {
      proposals.push((await scenario.proposal(group, { title, submitted: true })).id);
    }
    draftProposal = (await scenario.proposal(group, { title: 'Borrador' })).id;
    const otherGroup = await scenario.workingGroup(await scenario.plan());
    proposalOfAnotherPlan = (await scenario.proposal(otherGroup, { title: 'Otra', submitted: true })).id;
  });
  afterAll(() => app.stop());

  it('runs a whole consultation: schedule, open, vote, pause, resume, retract, close, results', async () => {
    const created = await app.post('/api/consultations', people.moderator, {
      planId,
      title: 'Priorización',
      proposalIds: proposals,
      rules: RULES,
      opensAt: '2099-05-01T00:00:00Z',
      closesAt: '2099-05-21T00:00:00Z',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), revision: 1, position: expect.any(Number) });
    const id = created.body.id;

    const scheduled = ok(await app.get(`/api/consultations/${id}?minPosition=${created.body.position}`, voter(1)));
    expect(scheduled).toMatchObject({
      id,
      planId,
      title: 'Priorización',
      proposalIds: proposals,
      rules: RULES,
      status: 'scheduled',
      opensAt: '2099-05-01T00:00:00Z',
      closesAt: '2099-05-21T00:00:00Z',
      createdBy: 'mod-1',
      revision: 1,
    });
    const listed = ok(await app.get(`/api/consultations?planId=${planId}`, voter(1)));
    expect(listed.map((c: { id: string }) => c.id)).toContain(id);
    expect(ok(await app.get(`/api/consultations?planId=${UNKNOWN}`, voter(1)))).toEqual([]);

    const open = ok(await step(id, 'open'));
    expect(open).toEqual({ id, revision: 2, position: expect.any(Number) });
    const [a, b, c] = proposals;
    const first = ok(await vote(id, b, voter('flow-1')));
    // The ballot is named by the voter's pseudonym in this consultation, never by their user id.
    expect(first).toEqual({ id: expect.stringMatching(new RegExp(`^${id}\\.[0-9a-f]{32}$`)), revision: 1, position: expect.any(Number) });
    ok(await vote(id, c, voter('flow-1')));
    ok(await vote(id, b, voter('flow-2')));
    ok(await vote(id, a, tokenFor('ana', ['member'])));

    ok(await step(id, 'pause'));
    refused(await vote(id, a, voter('flow-3')), 422, 'consultation-not-open');
    ok(await step(id, 'open'));

    const retracted = ok(await retract(id, c, voter('flow-1')));
    expect(retracted.revision).toBe(3);
    const last = ok(await vote(id, c, voter('flow-3')));
    const live = await results(id, voter('flow-1'), last.position);
    expect(live).toEqual({
      consultationId: id,
      status: 'open',
      tallyVisibility: 'live',
      turnout: 4,
      results: [
        { proposalId: b, votes: 2 },
        { proposalId: a, votes: 1 },
        { proposalId: c, votes: 1 },
        { proposalId: proposals[3], votes: 0 },
      ],
      position: last.position,
    });
    const mine = ok(await app.get(`/api/consultations/${id}/votes/mine?minPosition=${last.position}`, voter('flow-1')));
    expect(mine).toEqual({
      id: first.id,
      consultationId: id,
      votes: [b],
      remaining: 1,
      revision: 3,
      position: retracted.position,
    });

    const closed = ok(await step(id, 'close'));
    const final = await results(id, voter('flow-1'), closed.position);
    expect(final).toMatchObject({ status: 'closed', turnout: 4, results: live.results });
    const view = ok(await app.get(`/api/consultations/${id}`, voter(1)));
    expect(view).toMatchObject({ status: 'closed', openedPosition: open.position, closedPosition: closed.position, revision: 5 });
    expect(view.openedAt).toEqual(expect.any(String));
    expect(view.closedAt).toEqual(expect.any(String));

    const events = (await app.events()).filter((e) => e.streamId === `consultation-${id}`).map((e) => e.type);
    expect(events).toEqual([
      'ConsultationScheduled',
      'ConsultationOpened',
      'ConsultationPaused',
      'ConsultationResumed',
      'ConsultationClosed',
    ]);
  });

  it('refuses to schedule a consultation that breaks a rule, naming the problem, and records nothing', async () => {
    const before = (await app.events()).length;
    const body = { planId, title: 'Priorización', proposalIds: proposals, rules: RULES };
    const post = (token: string, changes: Record<string, unknown>) => app.post('/api/consultations', token, { ...body, ...changes });
    const cases: Array<[string, Response, number, RegExp, string?]> = [
      ['no token', await app.post('/api/consultations', undefined, body), 401, /bearer token/],
      ['participant', await post(voter(1), {}), 403, /moderator/],
      ['member', await post(people.ana, {}), 403, /moderator/],
      ['missing rules', await post(people.moderator, { rules: undefined }), 400, /rules/],
      [
        'no votes allowed',
        await post(people.moderator, { rules: { ...RULES, maxVotesPerParticipant: 0 } }),
        400,
        /rules\.maxVotesPerParticipant/,
      ],
      [
        'unknown visibility',
        await post(people.moderator, { rules: { ...RULES, tallyVisibility: 'never' } }),
        400,
        /rules\.tallyVisibility/,
      ],
      ['unknown rule', await post(people.moderator, { rules: { ...RULES, secret: true } }), 400, /secret/],
      ['no proposals', await post(people.moderator, { proposalIds: [] }), 400, /proposalIds/],
      ['duplicate proposals', await post(people.moderator, { proposalIds: [proposals[0], proposals[0]] }), 400, /proposalIds/],
      ['not a uuid', await post(people.moderator, { proposalIds: ['nope'] }), 400, /proposalIds/],
      ['bad time', await post(people.moderator, { opensAt: 'tomorrow' }), 400, /opensAt/],
      ['unknown field', await post(people.moderator, { owner: 'me' }), 400, /owner/],
      ['unknown plan', await post(people.moderator, { planId: UNKNOWN }), 404, /plan .* not found/, 'not-found'],
      [
        'unknown proposal',
        await post(people.moderator, { proposalIds: [proposals[0], UNKNOWN] }),
        404,
        /proposal .* not found/,
        'not-found',
      ],
      ['draft proposal', await post(people.moderator, { proposalIds: [draftProposal] }), 422, /draft/, 'proposal-not-submitted'],
      ['other plan', await post(people.moderator, { proposalIds: [proposalOfAnotherPlan] }), 422, /another plan/, 'proposal-not-in-plan'],
      [
        'more votes than proposals',
        await post(people.moderator, { proposalIds: proposals.slice(0, 2), rules: { ...RULES, maxVotesPerParticipant: 3 } }),
        422,
        /maxVotesPerParticipant/,
        'invalid-vote-limit',
      ],
      [
        'closes before it opens',
        await post(people.moderator, { opensAt: '2099-05-21T00:00:00Z', closesAt: '2099-05-01T00:00:00Z' }),
        422,
        /closesAt/,
        'invalid-schedule',
      ],
    ];
    for (const [name, response, status, message, code] of cases) {
      expect({ name, status: response.status, message: response.body.message }).toEqual({
        name,
        status,
        message: expect.stringMatching(message),
      });
      if (code) expect({ name, code: response.body.code }).toEqual({ name, code });
    }
    expect((await app.events()).length).toBe(before);
  });

  it('moves only along scheduled → open ⇄ paused → closed, refusing a wrong step with 422 wrong-status', async () => {
    const id = await schedule();
    const before = (await app.events()).length;
    refused(await step(id, 'pause'), 422, 'wrong-status');
    refused(await step(id, 'close'), 422, 'wrong-status');
    refused(await step(id, 'open', voter(1)), 403);
    refused(await step(id, 'open', people.ana), 403);
    refused(await step(UNKNOWN, 'open'), 404);
    refused(await step('nope', 'open'), 400);
    expect((await app.events()).length).toBe(before);

    ok(await step(id, 'open', people.admin));
    refused(await step(id, 'open'), 422, 'wrong-status');
    ok(await step(id, 'pause'));
    refused(await step(id, 'pause'), 422, 'wrong-status');
    ok(await step(id, 'close'));
    for (const to of ['open', 'pause', 'close'] as const) refused(await step(id, to), 422, 'wrong-status');
    expect((await app.events()).length).toBe(before + 3);
  });

  it('counts 50 concurrent votes from 50 distinct participants exactly', async () => {
    const id = await opened({ maxVotesPerParticipant: 1 });
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => vote(id, proposals[i % 4], voter(`crowd-${i}`))));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const position = Math.max(...responses.map((r) => r.body.position));
    const tally = await results(id, people.moderator, position);
    expect(tally.turnout).toBe(50);
    expect(Object.fromEntries(tally.results.map((r: { proposalId: string; votes: number }) => [r.proposalId, r.votes]))).toEqual({
      [proposals[0]]: 13,
      [proposals[1]]: 13,
      [proposals[2]]: 12,
      [proposals[3]]: 12,
    });
    expect(tally.results.map((r: { proposalId: string }) => r.proposalId)).toEqual(proposals);
    const ballots = await ballotEvents(id);
    expect(ballots).toHaveLength(50);
    expect(new Set(ballots.map((e) => e.streamId)).size).toBe(50);
  });

  it('decides simultaneous votes of one voter one after another: limit two, three votes → two 200 and one 422', async () => {
    const id = await opened({ maxVotesPerParticipant: 2 });
    const responses = await Promise.all(proposals.slice(0, 3).map((p) => vote(id, p, voter('eager'))));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 422]);
    refused(
      responses.find((r) => r.status === 422)!,
      422,
      'vote-limit-reached',
    );
    expect(await ballotEvents(id)).toHaveLength(2);
    const position = Math.max(...responses.filter((r) => r.status === 200).map((r) => r.body.position));
    const mine = ok(await app.get(`/api/consultations/${id}/votes/mine?minPosition=${position}`, voter('eager')));
    expect(mine.votes).toHaveLength(2);
    expect(mine.remaining).toBe(0);
    expect((await results(id, people.moderator, position)).turnout).toBe(1);
  });

  it('answers a repeated vote with the same result and records nothing more', async () => {
    const id = await opened();
    const first = ok(await vote(id, proposals[0], voter('twice')));
    ok(await vote(id, proposals[1], voter('twice')));
    const before = (await app.events()).length;
    const again = ok(await vote(id, proposals[0], voter('twice')));
    expect(again).toEqual(first);
    expect((await app.events()).length).toBe(before);
    const retried = await Promise.all([1, 2, 3].map(() => vote(id, proposals[0], voter('twice'))));
    expect(retried.map((r) => r.body)).toEqual([first, first, first]);
    expect((await app.events()).length).toBe(before);
  });

  it('retracts a vote when the rules allow it, and refuses when they do not', async () => {
    const id = await opened({ allowRetraction: true, maxVotesPerParticipant: 1 });
    ok(await vote(id, proposals[0], voter('changer')));
    refused(await vote(id, proposals[1], voter('changer')), 422, 'vote-limit-reached');
    const retracted = ok(await retract(id, proposals[0], voter('changer')));
    refused(await retract(id, proposals[0], voter('changer')), 422, 'no-such-vote');
    const recast = ok(await vote(id, proposals[1], voter('changer')));
    expect(recast.position).toBeGreaterThan(retracted.position);
    const tally = await results(id, voter('changer'), recast.position);
    expect(tally.turnout).toBe(1);
    expect(tally.results[0]).toEqual({ proposalId: proposals[1], votes: 1 });
    expect(tally.results.find((r: { proposalId: string }) => r.proposalId === proposals[0]).votes).toBe(0);

    const strict = await opened({ allowRetraction: false });
    ok(await vote(strict, proposals[0], voter('firm')));
    const before = (await app.events()).length;
    refused(await retract(strict, proposals[0], voter('firm')), 422, 'retraction-not-allowed');
    expect((await app.events()).length).toBe(before);
    expect(ok(await app.get(`/api/consultations/${strict}/votes/mine`, voter('firm'))).votes).toEqual([proposals[0]]);
  });

  it('refuses votes that break a rule with the documented status, recording nothing', async () => {
    const id = await opened();
    const before = (await app.events()).length;
    refused(await vote(id, proposalOfAnotherPlan, voter(1)), 422, 'proposal-not-in-consultation');
    refused(await retract(id, proposalOfAnotherPlan, voter(1)), 422, 'proposal-not-in-consultation');
    refused(await vote(UNKNOWN, proposals[0], voter(1)), 404, 'not-found');
    refused(await vote(id, 'nope', voter(1)), 400);
    refused(await vote(id, proposals[0], undefined as unknown as string), 401);
    refused(await vote(id, proposals[0], people.moderator), 403);
    refused(await vote(id, proposals[0], people.auditor), 403);
    refused(await retract(id, proposals[0], people.moderator), 403);
    expect((await app.events()).length).toBe(before);
  });

  it('refuses votes while the consultation is scheduled, paused or closed, recording nothing', async () => {
    const id = await schedule();
    const refusedWhile = async (status: string) => {
      const before = (await app.events()).length;
      const response = await vote(id, proposals[0], voter('late'));
      refused(response, 422, 'consultation-not-open');
      expect(response.body.details).toEqual({ status });
      refused(await retract(id, proposals[0], voter('early')), 422, 'consultation-not-open');
      expect((await app.events()).length).toBe(before);
    };
    await refusedWhile('scheduled');
    ok(await step(id, 'open'));
    ok(await vote(id, proposals[0], voter('early')));
    ok(await step(id, 'pause'));
    await refusedWhile('paused');
    const closed = ok(await step(id, 'close'));
    await refusedWhile('closed');
    expect(await ballotEvents(id)).toHaveLength(1);
    expect((await results(id, voter('late'), closed.position)).turnout).toBe(1);
  });

  describe('tally visibility', () => {
    const seenBy = async (visibility: string) => {
      const id = await opened({ tallyVisibility: visibility });
      const cast = ok(await vote(id, proposals[2], voter('seen')));
      const open = {
        participant: await results(id, voter('other'), cast.position),
        member: await results(id, people.ana, cast.position),
        moderator: await results(id, people.moderator, cast.position),
        admin: await results(id, people.admin, cast.position),
      };
      const closed = ok(await step(id, 'close'));
      return { open, afterClose: await results(id, voter('other'), closed.position) };
    };
    const counted = expect.arrayContaining([{ proposalId: expect.any(String), votes: 1 }]);

    it('live: everyone sees votes per proposal while open', async () => {
      const { open, afterClose } = await seenBy('live');
      for (const view of Object.values(open)) expect(view).toMatchObject({ tallyVisibility: 'live', turnout: 1, results: counted });
      expect(open.participant.results[0]).toEqual({ proposalId: proposals[2], votes: 1 });
      expect(afterClose).toMatchObject({ status: 'closed', turnout: 1, results: counted });
    });

    it.each(['turnout-only', 'after-close'])(
      '%s: participants see only turnout until closed; moderators always see results',
      async (visibility) => {
        const { open, afterClose } = await seenBy(visibility);
        for (const view of [open.participant, open.member]) {
          expect(view).toMatchObject({ status: 'open', tallyVisibility: visibility, turnout: 1 });
          expect(view).not.toHaveProperty('results');
        }
        for (const view of [open.moderator, open.admin]) expect(view).toMatchObject({ turnout: 1, results: counted });
        expect(afterClose).toMatchObject({ status: 'closed', turnout: 1, results: counted });
      },
    );

    it('never shows one participant the ballot of another', async () => {
      const id = await opened();
      const cast = ok(await vote(id, proposals[0], voter('private')));
      const other = ok(await app.get(`/api/consultations/${id}/votes/mine?minPosition=${cast.position}`, voter('curious')));
      expect(other).toMatchObject({ votes: [], remaining: 2, revision: 0 });
      expect(other.id).toMatch(new RegExp(`^${id}\\.[0-9a-f]{32}$`));
      expect(other.id).not.toBe(cast.id);
      const view = ok(await app.get(`/api/consultations/${id}`, voter('curious')));
      expect(JSON.stringify(view)).not.toContain('citizen-private');
      expect(JSON.stringify(await results(id, people.moderator, cast.position))).not.toContain('citizen-private');
    });
  });

  it('counts exactly the votes acknowledged before the close when a burst of votes races it', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await opened({ maxVotesPerParticipant: 1 });
      const voters = Array.from({ length: 120 }, (_, i) => `race-${round}-${i}`);
      const responses: Response[] = [];
      let sent = 0;
      let answered = 0;
      let close: Promise<Response> | undefined;
      // Eight clients keep voting without pause; the close is sent once 40 votes were answered, so the
      // votes in flight around it race it and those sent after it must be refused.
      const client = async () => {
        while (sent < voters.length) {
          const i = sent++;
          responses[i] = await vote(id, proposals[i % 4], voter(voters[i]));
          if (++answered === 40) close = step(id, 'close');
        }
      };
      await Promise.all(Array.from({ length: 8 }, client));
      const closed = ok(await close!);

      for (const response of responses) {
        if (response.status !== 200) refused(response, 422, 'consultation-not-open');
      }
      const accepted = voters.filter((_, i) => responses[i].status === 200);
      expect(accepted.length).toBeGreaterThanOrEqual(40);
      expect(accepted.length).toBeLessThan(voters.length);
      const tally = await results(id, voter('observer'), closed.position);
      const counted = tally.results.reduce((sum: number, r: { votes: number }) => sum + r.votes, 0);
      expect({ round, counted, turnout: tally.turnout }).toEqual({ round, counted: accepted.length, turnout: accepted.length });

      // Every acknowledged vote precedes the close in the log, and no other vote was recorded.
      const ballots = await ballotEvents(id);
      // Each acknowledged vote answered its ballot's id, `<consultation>.<pseudonym>`; the log names ballots so only.
      const acknowledgedBallots = responses.filter((r) => r.status === 200).map((r) => `ballot-${r.body.id}`);
      expect(ballots.map((e) => e.streamId).sort()).toEqual(acknowledgedBallots.sort());
      for (const event of ballots) expect(event.position).toBeLessThan(closed.position);
      const lastAccepted = Math.max(...responses.filter((r) => r.status === 200).map((r) => r.body.position));
      expect(lastAccepted).toBeLessThan(closed.position);
    }
  });
});
