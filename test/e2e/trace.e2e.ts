import type { RecordedEvent } from '@cocrea/event-store';
import { TestApp, ok, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Step = {
  stage: string;
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  at: string;
  actor: { id: string; name: string };
  hash: string;
  [k: string]: any;
};

/**
 * A commitment followed back to the votes that prioritised it: a proposal drafted and edited by its working
 * group, consulted on twice (once with votes racing the close), accepted with a reason, adopted and followed up.
 */
describe('the decision trace of a commitment', () => {
  let app: TestApp;
  let planId: string;
  let proposalId: string;
  let others: { b: string; c: string };
  let first: string;
  let second: string;
  let unrelated: string;
  let commitmentId: string;
  let milestones: string[];
  let trace: { status: number; body: any };
  let log: RecordedEvent[];
  /** Racing votes the API acknowledged: each must be counted, and no refused one. */
  let racersAcknowledged: number;

  /** Racing votes and votes that must be refused: the plain request, whose status the test reads. */
  const vote = (consultationId: string, citizen: number, proposal: string) =>
    app.put(`/api/consultations/${consultationId}/votes/${proposal}`, people.participant(citizen));

  beforeAll(async () => {
    app = await TestApp.start();
    const scenario = new Scenario(app);
    planId = (await scenario.plan()).id;
    const group = await scenario.workingGroup(planId, { members: { ana: 'member', beto: 'lead' } });
    /** What the trace's summary reports of the proposal. */
    const drafted = { leadEntity: 'Secretaría de Transparencia', branch: 'executive', themes: ['transparency'], by: people.ana };

    // Drafted by Ana, edited by three people (two sections and the title), submitted.
    const proposal = await scenario.proposal(group, { ...drafted, title: 'Open contracting' });
    proposalId = proposal.id;
    await scenario.edit(proposal, { problem: 'Contracts are published late, if at all' }, { by: people.ana, expectedRevision: 1 });
    await scenario.edit(proposal, { title: 'Open contracting data' }, { by: people.beto, expectedRevision: 2 });
    await scenario.edit(proposal, { objective: 'Publish every contract in OCDS' }, { by: people.moderator, expectedRevision: 3 });
    await scenario.submit(proposal, { by: people.ana });
    const b = await scenario.proposal(group, { ...drafted, title: 'Open budgets' });
    const c = await scenario.proposal(group, { ...drafted, title: 'Open lobbying register' });
    others = { b: b.id, c: c.id };
    await scenario.submit(b, { by: people.ana });
    await scenario.submit(c, { by: people.ana });

    // First consultation: retractions, an emptied ballot, a pause, and votes racing the close.
    const rules = { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'after-close' };
    const firstRound = await scenario.consultation(planId, [proposalId, others.b, others.c], {
      title: 'Priorización nacional',
      rules,
      open: true,
    });
    first = firstRound.id;
    await scenario.vote(first, proposalId, people.participant(1));
    await scenario.vote(first, others.b, people.participant(1));
    await scenario.vote(first, proposalId, people.participant(2));
    await scenario.vote(first, others.b, people.participant(3));
    await scenario.retract(first, others.b, people.participant(3));
    await scenario.vote(first, proposalId, people.participant(3));
    await scenario.vote(first, others.c, people.participant(4));
    await scenario.vote(first, proposalId, people.participant(5));
    await scenario.retract(first, proposalId, people.participant(5));
    await scenario.pause(firstRound);
    expect((await vote(first, 6, others.c)).status).toBe(422);
    await scenario.open(firstRound);
    // Votes fired every few milliseconds while the close is sent: some land before it, the rest are refused.
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const racers = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
    const [closing, ...racing] = await Promise.all([
      later(12).then(() => app.post(`/api/consultations/${first}/close`, people.moderator)),
      ...racers.map((citizen, i) => later(i * 2).then(() => vote(first, citizen, others.c))),
    ]);
    ok(closing);
    for (const response of racing) expect([200, 422]).toContain(response.status);
    racersAcknowledged = racing.filter((response) => response.status === 200).length;
    expect((await vote(first, 22, others.c)).status).toBe(422);

    // Second consultation with the same proposal; a third without it must stay out of the trace.
    const once = { maxVotesPerParticipant: 1, allowRetraction: false, tallyVisibility: 'live' };
    const secondRound = await scenario.consultation(planId, [proposalId, others.c], { title: 'Segunda ronda', rules: once, open: true });
    second = secondRound.id;
    await scenario.vote(second, proposalId, people.participant(1));
    await scenario.vote(second, others.c, people.participant(2));
    await scenario.vote(second, proposalId, people.participant(3));
    await scenario.close(secondRound);
    const unrelatedRound = await scenario.consultation(planId, [others.b], { title: 'Sin la propuesta', rules: once, open: true });
    unrelated = unrelatedRound.id;
    await scenario.vote(unrelated, others.b, people.participant(1));

    const commitment = await scenario.commitment(proposalId, { reason: 'Most voted in both consultations', by: people.admin });
    commitmentId = commitment.id;
    milestones = [
      (
        await scenario.milestone(commitment, {
          title: 'Publish tenders in OCDS',
          deliverable: 'OCDS API',
          startDate: '2017-09-01',
          endDate: '2018-06-30',
          by: people.beto,
        })
      ).id,
      (await scenario.milestone(commitment, { title: 'Train municipalities', startDate: '2018-07-01', endDate: '2018-12-31' })).id,
    ];
    await scenario.progress(commitment, {
      milestoneId: milestones[0],
      completion: 'complete',
      note: 'Every tender since March is in OCDS',
      evidenceUrl: 'https://example.org/ocds',
      by: people.beto,
    });
    await scenario.progress(commitment, {
      completion: 'substantial',
      note: 'Half done',
      evidenceUrl: 'https://example.org/report.pdf',
      by: people.admin,
    });

    trace = await app.get(`/api/audit/trace/${commitmentId}`, people.participant(99));
    log = await app.events();
  });
  afterAll(() => app.stop());

  const eventsOf = (...streamIds: string[]) => log.filter((event) => streamIds.includes(event.streamId));
  /** The tally at close recounted here from the raw log: each ballot's votes before ConsultationClosed. */
  const recount = (consultationId: string) => {
    const closed = log.find((e) => e.streamId === `consultation-${consultationId}` && e.type === 'ConsultationClosed')!;
    const ballots = new Map<string, string[]>();
    for (const e of log) {
      if (e.position >= closed.position || !e.streamId.startsWith(`ballot-${consultationId}.`)) continue;
      const { proposalId: voted } = e.data as { proposalId: string };
      const ballot = ballots.get(e.streamId) ?? [];
      ballots.set(e.streamId, e.type === 'VoteCast' ? [...ballot, voted] : ballot.filter((id) => id !== voted));
    }
    const count = (id: string) => [...ballots.values()].filter((ballot) => ballot.includes(id)).length;
    return { closed, count, turnout: [...ballots.values()].filter((ballot) => ballot.length > 0).length };
  };

  it('is open to any authenticated user and lists every step of the chain, in position order, as the log recorded it', () => {
    expect(trace.status).toBe(200);
    const steps: Step[] = trace.body.steps;
    const expected = eventsOf(`proposal-${proposalId}`, `consultation-${first}`, `consultation-${second}`, `commitment-${commitmentId}`);
    expect(steps.map((s) => s.position)).toEqual(expected.map((e) => e.position));
    steps.forEach((step, i) => {
      const event = expected[i];
      expect(step).toMatchObject({
        position: event.position,
        eventId: event.id,
        streamId: event.streamId,
        revision: event.revision,
        type: event.type,
        at: event.recordedAt,
        hash: event.hash,
        actor: { id: event.metadata.actorId, name: event.metadata.actorName },
      });
    });
    expect(steps.map((s) => [s.stage, s.type, s.event ?? s.section ?? null])).toEqual([
      ['drafted', 'ProposalDrafted', null],
      ['edited', 'ProposalSectionEdited', 'problem'],
      ['edited', 'ProposalRetitled', 'title'],
      ['edited', 'ProposalSectionEdited', 'objective'],
      ['submitted', 'ProposalSubmitted', null],
      ['consulted', 'ConsultationScheduled', 'scheduled'],
      ['consulted', 'ConsultationOpened', 'opened'],
      ['consulted', 'ConsultationPaused', 'paused'],
      ['consulted', 'ConsultationResumed', 'resumed'],
      ['consulted', 'ConsultationClosed', 'closed'],
      ['consulted', 'ConsultationScheduled', 'scheduled'],
      ['consulted', 'ConsultationOpened', 'opened'],
      ['consulted', 'ConsultationClosed', 'closed'],
      ['accepted', 'ProposalAccepted', null],
      ['adopted', 'CommitmentAdopted', null],
      ['milestone', 'MilestoneAdded', null],
      ['milestone', 'MilestoneAdded', null],
      ['progress', 'ProgressReported', null],
      ['progress', 'ProgressReported', null],
    ]);
    expect(steps.map((s) => s.actor.id)).toEqual([
      'ana',
      'ana',
      'beto',
      'mod-1',
      'ana',
      'mod-1',
      'mod-1',
      'mod-1',
      'mod-1',
      'mod-1',
      'mod-1',
      'mod-1',
      'mod-1',
      'mod-1',
      'admin-1',
      'beto',
      'mod-1',
      'beto',
      'admin-1',
    ]);
    expect(JSON.stringify(trace.body)).not.toContain(unrelated);
  });

  it('counts exactly the votes that precede ConsultationClosed, racing votes included, without naming a voter', async () => {
    const steps: Step[] = trace.body.steps;
    const closes = steps.filter((s) => s.type === 'ConsultationClosed');
    for (const [step, consultationId] of [
      [closes[0], first],
      [closes[1], second],
    ] as const) {
      const { closed, count, turnout } = recount(consultationId);
      const proposals = consultationId === first ? [proposalId, others.b, others.c] : [proposalId, others.c];
      const votes = count(proposalId);
      expect(step).toMatchObject({ consultationId, position: closed.position, eventId: closed.id });
      expect(step.tally).toMatchObject({
        votes,
        rank: 1 + proposals.filter((id) => count(id) > votes).length,
        of: proposals.length,
        turnout,
        totalVotes: proposals.reduce((sum, id) => sum + count(id), 0),
      });
      // The published result (from the read models) agrees with the recount from the log.
      const published = ok(await app.get(`/api/consultations/${consultationId}/results`, people.auditor));
      expect(published.turnout).toBe(turnout);
      expect(published.results.find((r: { proposalId: string }) => r.proposalId === proposalId).votes).toBe(votes);
    }
    // The deterministic part of the first round: citizens 1, 2, 3 for the proposal; 5 retracted; the racers only voted for C.
    expect(closes[0].tally.votes).toBe(3);
    const racersCounted =
      log.filter((e) => e.type === 'VoteCast' && e.streamId.startsWith(`ballot-${first}.`) && e.position < closes[0].position).length - 7;
    expect(racersCounted).toBe(racersAcknowledged);
    expect(closes[0].tally.turnout).toBe(4 + racersCounted);
    // No vote of this consultation lies after its close: a racing vote either preceded it or was refused.
    expect(log.filter((e) => e.streamId.startsWith(`ballot-${first}.`) && e.position > closes[0].position)).toEqual([]);
    expect(closes[1].tally).toMatchObject({ votes: 2, rank: 1, of: 2, turnout: 3, totalVotes: 3 });

    const text = JSON.stringify(trace.body);
    expect(text).not.toMatch(/citizen-/);
    expect(text).not.toMatch(/ballot-/);
  });

  it('shows the rules, the acceptance with its reason, the adoption and the follow-up with evidence', () => {
    const steps: Step[] = trace.body.steps;
    const [scheduled] = steps.filter((s) => s.type === 'ConsultationScheduled');
    expect(scheduled).toMatchObject({
      consultationId: first,
      title: 'Priorización nacional',
      rules: { maxVotesPerParticipant: 2, allowRetraction: true, tallyVisibility: 'after-close' },
      proposals: 3,
    });
    expect(steps.find((s) => s.stage === 'accepted')).toMatchObject({
      actor: { id: 'mod-1', name: 'Marta Moderadora' },
      reason: 'Most voted in both consultations',
    });
    expect(steps.find((s) => s.stage === 'adopted')).toMatchObject({
      title: 'Open contracting data',
      proposalRevision: 6,
      actor: { id: 'admin-1' },
    });
    expect(
      steps.filter((s) => s.stage === 'milestone').map((s) => [s.milestoneId, s.title, s.deliverable, s.startDate, s.endDate]),
    ).toEqual([
      [milestones[0], 'Publish tenders in OCDS', 'OCDS API', '2017-09-01', '2018-06-30'],
      [milestones[1], 'Train municipalities', null, '2018-07-01', '2018-12-31'],
    ]);
    expect(steps.filter((s) => s.stage === 'progress').map((s) => [s.milestoneId, s.completion, s.note, s.evidenceUrl])).toEqual([
      [milestones[0], 'complete', 'Every tender since March is in OCDS', 'https://example.org/ocds'],
      [null, 'substantial', 'Half done', 'https://example.org/report.pdf'],
    ]);

    const { summary } = trace.body;
    expect(trace.body).toMatchObject({ commitmentId, proposalId, planId });
    expect(summary).toMatchObject({
      title: 'Open contracting data',
      leadEntity: 'Secretaría de Transparencia',
      branch: 'executive',
      themes: ['transparency'],
      drafted: { by: { id: 'ana' }, position: steps[0].position },
      edits: 3,
      editors: [
        { id: 'ana', name: 'Ana (sociedad civil)' },
        { id: 'beto', name: 'Beto (entidad)' },
        { id: 'mod-1', name: 'Marta Moderadora' },
      ],
      accepted: { by: { id: 'mod-1' }, reason: 'Most voted in both consultations' },
      adopted: { by: { id: 'admin-1' }, proposalRevision: 6 },
      milestones: 2,
      progressReports: 2,
      completion: 'substantial',
      latestProgress: { completion: 'substantial', note: 'Half done', evidenceUrl: 'https://example.org/report.pdf' },
      firstPosition: steps[0].position,
      lastPosition: steps[steps.length - 1].position,
    });
    expect(summary.consultations.map((c: any) => [c.consultationId, c.status, c.tally.votes])).toEqual([
      [first, 'closed', 3],
      [second, 'closed', 2],
    ]);
  });

  it('answers 404 for an unknown commitment and 400 for a malformed id, and anyone without a token', async () => {
    const unknown = await app.get(`/api/audit/trace/${UNKNOWN}`, people.auditor);
    expect(unknown).toEqual({
      status: 404,
      body: expect.objectContaining({ statusCode: 404, message: `commitment ${UNKNOWN} not found` }),
    });
    const malformed = await app.get('/api/audit/trace/not-a-uuid', people.auditor);
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('commitmentId');
    expect((await app.get(`/api/audit/trace/${commitmentId}`)).status).toBe(200);
  });
});
