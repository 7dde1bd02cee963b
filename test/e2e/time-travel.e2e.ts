import { TestApp, ok, people } from '../support/app-harness';
import { Scenario, WorkingGroup } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * `?asOf=` on the GETs of proposals, plans, consultations (and their results) and commitments: the state as it
 * was at a log position or a time. Each test records what the live read model answered right after each
 * command, and later asks for the same moment with `asOf`: the answers must be the same documents.
 */
describe('time travel with ?asOf=', () => {
  let app: TestApp;
  let scenario: Scenario;
  let planId: string;
  let group: WorkingGroup;

  /** What a live GET answers once the read models have applied `position`. */
  const liveAt = async (path: string, position: number, token = people.auditor) =>
    ok(await app.get(`${path}?minPosition=${position}`, token));
  const asOf = (path: string, moment: number | string, token = people.auditor) =>
    app.get(`${path}?asOf=${encodeURIComponent(String(moment))}`, token);
  const withoutAsOf = ({ asOf: _, ...document }: Record<string, unknown>) => document;
  const timeOf = async (position: number) => (await app.events()).find((event) => event.position === position)!.recordedAt;
  /** Commands land in separate milliseconds, so that each has a time of its own to travel to. */
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    planId = (await scenario.plan()).id;
    group = await scenario.workingGroup(planId, { members: { ana: 'member', beto: 'lead' } });
  });
  afterAll(() => app.stop());

  describe('a proposal', () => {
    let proposalId: string;
    const steps: Array<{ position: number; live: any }> = [];
    let before: number;

    beforeAll(async () => {
      before = (await app.events()).at(-1)!.position;
      await tick();
      const drafted = await scenario.proposal(group, {
        title: 'Open contracting',
        sections: { problem: 'Contracts are hard to find' },
        by: people.ana,
      });
      proposalId = drafted.id;
      const path = `/api/proposals/${proposalId}`;
      steps.push({ position: drafted.position, live: await liveAt(path, drafted.position) });
      const commands = [
        () => scenario.edit(drafted, { problem: 'Contracts are opaque' }, { by: people.ana, expectedRevision: 1 }),
        () => scenario.edit(drafted, { title: 'Open contracting for all' }, { by: people.beto, expectedRevision: 2 }),
        () =>
          scenario.edit(
            drafted,
            { problem: 'Contracts are opaque and late', objective: 'Publish every contract' },
            { by: people.beto, expectedRevision: 3 },
          ),
        () => scenario.submit(drafted, { by: people.ana }),
      ];
      for (const command of commands) {
        await tick();
        const { position } = await command();
        steps.push({ position, live: await liveAt(path, position) });
      }
    });

    it('as of each position of its edits is what GET answered then, with the moment it is as of', async () => {
      for (const { position, live } of steps) {
        const then = ok(await asOf(`/api/proposals/${proposalId}`, position, people.participant(1)));
        expect(then).toEqual({ ...live, asOf: { position, time: await timeOf(position) } });
      }
      const [drafted, firstEdit] = steps;
      expect(drafted.live).toMatchObject({
        title: 'Open contracting',
        sections: { problem: 'Contracts are hard to find' },
        revision: 1,
        status: 'draft',
      });
      expect(firstEdit.live).toMatchObject({
        title: 'Open contracting',
        sections: { problem: 'Contracts are opaque' },
        sectionRevisions: { problem: 2, title: 1 },
      });
      expect(steps.at(-1)!.live).toMatchObject({ title: 'Open contracting for all', status: 'submitted', revision: 6 });
    });

    it('as of a position between two of its events is as of the earlier one; other streams moving does not matter', async () => {
      const [, firstEdit, retitled] = steps;
      // Between the first edit and the retitle nothing of this proposal happened: as of any of those positions it is the first edit.
      for (let position = firstEdit.position; position < retitled.position; position++) {
        expect(withoutAsOf(ok(await asOf(`/api/proposals/${proposalId}`, position)))).toEqual(firstEdit.live);
      }
      await scenario.plan({ title: 'Later plan' });
      expect(withoutAsOf(ok(await asOf(`/api/proposals/${proposalId}`, steps.at(-1)!.position + 1)))).toEqual(steps.at(-1)!.live);
    });

    it('as of a time is as of the last position recorded at or before it, in any time zone', async () => {
      const [drafted, firstEdit, retitled] = steps;
      const editedAt = await timeOf(firstEdit.position);
      expect(ok(await asOf(`/api/proposals/${proposalId}`, editedAt))).toEqual({
        ...firstEdit.live,
        asOf: { position: firstEdit.position, time: editedAt },
      });

      // One millisecond before the retitle, written in Bogotá's offset (UTC-5): still the first edit.
      const retitledAt = Date.parse(await timeOf(retitled.position));
      const bogota = new Date(retitledAt - 1 - 5 * 3600_000).toISOString().replace('Z', '-05:00');
      expect(ok(await asOf(`/api/proposals/${proposalId}`, bogota))).toEqual({
        ...firstEdit.live,
        asOf: { position: firstEdit.position, time: editedAt },
      });
      // An unencoded `+` arrives as a space: it is still read as the offset.
      const madrid = new Date(retitledAt + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const unencoded = await app.get(`/api/proposals/${proposalId}?asOf=${madrid}`, people.auditor);
      expect(ok(unencoded)).toEqual({ ...retitled.live, asOf: { position: retitled.position, time: await timeOf(retitled.position) } });

      expect(ok(await asOf(`/api/proposals/${proposalId}`, await timeOf(drafted.position)))).toMatchObject({
        title: 'Open contracting',
        revision: 1,
      });
    });

    it('beyond the head of the log is the current state, as of the head', async () => {
      const current = await liveAt(`/api/proposals/${proposalId}`, steps.at(-1)!.position);
      const head = (await app.events()).at(-1)!;
      for (const moment of ['999999999', '2999-01-01T00:00:00Z']) {
        expect(ok(await asOf(`/api/proposals/${proposalId}`, moment))).toEqual({
          ...current,
          asOf: { position: head.position, time: head.recordedAt },
        });
      }
    });

    it('before it existed is a 404 naming the position; so is an id that never existed', async () => {
      const early = await asOf(`/api/proposals/${proposalId}`, before);
      expect(early.status).toBe(404);
      expect(early.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `proposal ${proposalId} did not exist at position ${before}`,
      });
      const atZero = await asOf(`/api/proposals/${proposalId}`, 0);
      expect(atZero.body).toMatchObject({ statusCode: 404, message: `proposal ${proposalId} did not exist at position 0` });
      const beforeTime = await asOf(`/api/proposals/${proposalId}`, '2001-01-01');
      expect(beforeTime.body).toMatchObject({ statusCode: 404, message: `proposal ${proposalId} did not exist at position 0` });
      // Just before the draft, by time: the last position then is the one before it.
      const justBefore = new Date(Date.parse(await timeOf(steps[0].position)) - 1).toISOString();
      expect((await asOf(`/api/proposals/${proposalId}`, justBefore)).body).toMatchObject({
        statusCode: 404,
        message: `proposal ${proposalId} did not exist at position ${before}`,
      });
      expect((await asOf(`/api/proposals/${UNKNOWN}`, steps[0].position)).status).toBe(404);
    });

    it('a malformed asOf is a 400 naming asOf', async () => {
      for (const bad of ['yesterday', '-3', '1.5', '', '2017-05-01T12:00:00', '2017-02-30T00:00:00Z', '12abc']) {
        const response = await app.get(`/api/proposals/${proposalId}?asOf=${encodeURIComponent(bad)}`, people.auditor);
        expect({ bad, status: response.status, error: response.body.error }).toEqual({ bad, status: 400, error: 'Bad Request' });
        expect(response.body.message).toContain('asOf');
      }
      const twice = await app.get(`/api/proposals/${proposalId}?asOf=1&asOf=2`, people.auditor);
      expect(twice.status).toBe(400);
      expect(twice.body.message).toContain('asOf');
    });

    it('goes with ?minPosition=, and is public', async () => {
      const { position, live } = steps[1];
      const response = await app.get(`/api/proposals/${proposalId}?asOf=${position}&minPosition=${steps.at(-1)!.position}`, people.auditor);
      expect(withoutAsOf(ok(response))).toEqual(live);
      expect(withoutAsOf(ok(await app.get(`/api/proposals/${proposalId}?asOf=${position}`)))).toEqual(live);
    });
  });

  it('a plan as of each phase change, by position and by time', async () => {
    const created = await scenario.plan({ title: 'IV Plan' });
    const path = `/api/plans/${created.id}`;
    const steps = [{ position: created.position, live: await liveAt(path, created.position) }];
    for (const phase of ['consultation', 'adopted', 'implementation']) {
      await tick();
      const { position } = await scenario.phase(created, phase, { reason: `moving to ${phase}` });
      steps.push({ position, live: await liveAt(path, position) });
    }
    expect(steps.map((step) => step.live.phase)).toEqual(['co-creation', 'consultation', 'adopted', 'implementation']);
    for (const { position, live } of steps) {
      const time = await timeOf(position);
      expect(ok(await asOf(path, position, people.participant(2)))).toEqual({ ...live, asOf: { position, time } });
      expect(ok(await asOf(path, time))).toEqual({ ...live, asOf: { position, time } });
    }
    expect((await asOf(path, created.position - 1)).body).toMatchObject({
      statusCode: 404,
      message: `plan ${created.id} did not exist at position ${created.position - 1}`,
    });
    expect((await asOf(path, 'soon')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('asOf') });
  });

  describe('a consultation and its results', () => {
    let consultationId: string;
    let proposals: string[];
    const at: Record<string, number> = {};

    const results = (moment: number | string, token: string) => asOf(`/api/consultations/${consultationId}/results`, moment, token);
    const vote = async (participant: number, proposalId: string) =>
      (await scenario.vote(consultationId, proposalId, people.participant(participant))).position;

    /** Turnout-only until the close: participants see turnout during the vote, everyone sees the votes after it. */
    beforeAll(async () => {
      proposals = [];
      for (const title of ['Open contracting', 'Open budgets'])
        proposals.push((await scenario.proposal(group, { title, by: people.ana, submitted: true })).id);
      const [a, b] = proposals;
      const consultation = await scenario.consultation(planId, proposals, {
        rules: { maxVotesPerParticipant: 2, tallyVisibility: 'turnout-only' },
      });
      consultationId = consultation.id;
      at.scheduled = consultation.position;
      at.opened = (await scenario.open(consultation)).position;
      at.firstVote = await vote(1, a);
      at.secondVote = await vote(2, a);
      at.thirdVote = await vote(3, b);
      await tick(); // the third vote gets a time of its own to travel to
      at.paused = (await scenario.pause(consultation)).position;
      at.resumed = (await scenario.open(consultation)).position;
      at.retracted = (await scenario.retract(consultation, a, people.participant(1))).position;
      at.fourthVote = await vote(4, b);
      await vote(4, a);
      at.closed = (await scenario.close(consultation)).position;
      // Refused after the close: not in the log, so nothing changes as of any position.
      expect((await app.put(`/api/consultations/${consultationId}/votes/${a}`, people.participant(5))).status).toBe(422);
    });

    it('as of a position during the vote: turnout for participants, votes for moderators, with the status then', async () => {
      const [a, b] = proposals;
      const participant = ok(await results(at.secondVote, people.participant(9)));
      expect(participant).toEqual({
        consultationId,
        status: 'open',
        tallyVisibility: 'turnout-only',
        turnout: 2,
        position: at.secondVote,
        asOf: { position: at.secondVote, time: await timeOf(at.secondVote) },
      });
      const moderator = ok(await results(at.secondVote, people.moderator));
      expect(moderator).toMatchObject({
        status: 'open',
        turnout: 2,
        results: [
          { proposalId: a, votes: 2 },
          { proposalId: b, votes: 0 },
        ],
      });
      expect(ok(await results(at.paused, people.moderator))).toMatchObject({
        status: 'paused',
        turnout: 3,
        results: [
          { proposalId: a, votes: 2 },
          { proposalId: b, votes: 1 },
        ],
        position: at.thirdVote,
      });
      // Participant 1 took back their only vote: they no longer count in the turnout.
      expect(ok(await results(at.retracted, people.moderator))).toMatchObject({
        status: 'open',
        turnout: 2,
        results: [
          { proposalId: a, votes: 1 },
          { proposalId: b, votes: 1 },
        ],
      });
      expect(ok(await results(at.retracted, people.participant(9)))).not.toHaveProperty('results');
      expect(ok(await results(at.opened, people.participant(9)))).toMatchObject({ status: 'open', turnout: 0, position: at.scheduled });
      expect(ok(await results(at.scheduled, people.moderator))).toMatchObject({
        status: 'scheduled',
        turnout: 0,
        results: [
          { proposalId: a, votes: 0 },
          { proposalId: b, votes: 0 },
        ],
      });
    });

    it('as of the close: the final tally, visible to everyone, the same as the live results', async () => {
      const [a, b] = proposals;
      const live = await liveAt(`/api/consultations/${consultationId}/results`, at.closed, people.participant(9));
      const closed = ok(await results(at.closed, people.participant(9)));
      expect(closed).toEqual({ ...live, asOf: { position: at.closed, time: await timeOf(at.closed) } });
      // A tie keeps the consultation's order of proposals.
      expect(closed).toMatchObject({
        status: 'closed',
        turnout: 3,
        results: [
          { proposalId: a, votes: 2 },
          { proposalId: b, votes: 2 },
        ],
      });
      // One position before the close the votes were still hidden from participants.
      expect(ok(await results(at.closed - 1, people.participant(9)))).toMatchObject({ status: 'open', turnout: 3 });
      expect(ok(await results(at.closed - 1, people.participant(9)))).not.toHaveProperty('results');
      expect(ok(await results('2999-01-01T00:00:00Z', people.participant(9)))).toMatchObject({
        status: 'closed',
        results: [{ proposalId: a }, { proposalId: b }],
      });
    });

    it('by time, and the consultation itself as of then', async () => {
      const time = await timeOf(at.thirdVote);
      expect(ok(await results(time, people.moderator))).toMatchObject({ turnout: 3, asOf: { position: at.thirdVote, time } });
      const path = `/api/consultations/${consultationId}`;
      const live = await liveAt(path, at.closed);
      expect(ok(await asOf(path, at.thirdVote))).toMatchObject({
        status: 'open',
        openedPosition: at.opened,
        revision: 2,
        asOf: { position: at.thirdVote },
      });
      expect(ok(await asOf(path, at.thirdVote))).not.toHaveProperty('closedPosition');
      expect(ok(await asOf(path, at.paused))).toMatchObject({ status: 'paused', revision: 3 });
      expect(withoutAsOf(ok(await asOf(path, at.closed)))).toEqual(live);
    });

    it('before it existed: 404 for the consultation and its results; a malformed asOf is a 400', async () => {
      for (const path of [`/api/consultations/${consultationId}`, `/api/consultations/${consultationId}/results`]) {
        expect((await asOf(path, at.scheduled - 1)).body).toEqual({
          statusCode: 404,
          error: 'Not Found',
          message: `consultation ${consultationId} did not exist at position ${at.scheduled - 1}`,
        });
        expect((await asOf(path, 'tomorrow')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('asOf') });
      }
    });
  });

  it('a commitment as of its milestones and progress reports', async () => {
    const adopted = await scenario.commitment(
      await scenario.proposal(group, { title: 'Open contracting data', by: people.ana, submitted: true }),
    );
    const path = `/api/commitments/${adopted.id}`;
    const steps = [{ position: adopted.position, live: await liveAt(path, adopted.position) }];
    const commands = [
      () => scenario.milestone(adopted, { title: 'Portal live', by: people.beto }),
      () => scenario.milestone(adopted, { title: 'Municipal contracts', startDate: '2018-01-01', endDate: '2019-06-30' }),
      () => scenario.progress(adopted, { completion: 'limited', note: 'Portal in beta', by: people.beto }),
      () =>
        scenario.progress(adopted, {
          completion: 'substantial',
          note: 'Portal with 60% of contracts',
          evidenceUrl: 'https://example.org/r.pdf',
          by: people.beto,
        }),
    ];
    for (const command of commands) {
      await tick();
      const { position } = await command();
      steps.push({ position, live: await liveAt(path, position) });
    }
    expect(steps.map(({ live }) => [live.milestones.length, live.progress.length, live.completion])).toEqual([
      [0, 0, 'not-started'],
      [1, 0, 'not-started'],
      [2, 0, 'not-started'],
      [2, 1, 'limited'],
      [2, 2, 'substantial'],
    ]);
    for (const { position, live } of steps) {
      const time = await timeOf(position);
      expect(ok(await asOf(path, position, people.participant(3)))).toEqual({ ...live, asOf: { position, time } });
      expect(ok(await asOf(path, time))).toEqual({ ...live, asOf: { position, time } });
    }
    expect((await asOf(path, adopted.position - 1)).body).toMatchObject({
      statusCode: 404,
      message: `commitment ${adopted.id} did not exist at position ${adopted.position - 1}`,
    });
    expect((await asOf(`/api/commitments/${UNKNOWN}`, adopted.position)).status).toBe(404);
  });
});
