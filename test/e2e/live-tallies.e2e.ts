import { LiveClient, disorder, liveClients } from '../support/live-client';
import { TestApp, people, tokenFor } from '../support/app-harness';
import { Scenario, Written } from '../support/scenario';

/** Voters are named `voter-<n>`, watchers `watcher-<n>`: a voter's id in any message would be a leaked ballot. */
const voter = (n: number) => tokenFor(`voter-${n}`, ['participant'], `Voter ${n}`);
const watcher = (n: number) => tokenFor(`watcher-${n}`, ['participant'], `Watcher ${n}`);

describe('live tallies: coalesced, exact at the end, visible only where allowed', () => {
  let app: TestApp;
  let scenario: Scenario;
  let plan: Written;
  let proposals: string[];
  const { clients, connect, closeAll } = liveClients(() => app.url);

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    plan = await scenario.plan();
    const group = await scenario.workingGroup(plan);
    proposals = [];
    for (const title of ['Datos abiertos', 'Presupuesto participativo', 'Contratación abierta'])
      proposals.push((await scenario.proposal(group, { title, submitted: true })).id);
  });
  afterEach(closeAll);
  afterAll(() => app.stop());

  /** An open consultation, and the position of its opening: subscribing after it finds the opening applied. */
  const opened = (tallyVisibility: string) => scenario.consultation(plan, proposals, { rules: { tallyVisibility }, open: true });

  const expectNoBallotIn = (client: LiveClient) => {
    const everything = JSON.stringify(client.received);
    expect(everything).not.toMatch(/VoteCast|VoteRetracted|ballot-/);
    expect(everything).not.toMatch(/voter-\d/);
  };

  it('turns a burst of 240 votes into a few tally messages per client, ending on the exact results', async () => {
    const { id: consultationId, position: openedAt } = await opened('live');
    const room = `consultation:${consultationId}`;
    const audience = await Promise.all([connect(watcher(1)), connect(watcher(2)), connect(watcher(3)), connect(people.moderator)]);
    for (const client of audience) expect((await client.subscribe(room, openedAt)).ok).toBe(true);
    // Each gets the tally as it stands on joining, once; count what the burst causes from here.
    await Promise.all(audience.map((client) => client.until(() => client.tallies.length > 0, 'the tally on joining')));
    await new Promise((r) => setTimeout(r, 3 * app.config.live.tallyIntervalMs));
    for (const client of audience)
      expect(client.tallies).toEqual([expect.objectContaining({ consultationId, status: 'open', turnout: 0, position: openedAt })]);

    const votes = 240;
    const choice = (n: number) => proposals[n % 7 < 4 ? 0 : n % 7 < 6 ? 1 : 2];
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        while (next < votes) {
          const n = next++;
          await scenario.vote(consultationId, choice(n), voter(n));
        }
      }),
    );
    const burstMs = Date.now() - started;

    const expectedVotes = Object.fromEntries(proposals.map((id) => [id, 0]));
    for (let n = 0; n < votes; n++) expectedVotes[choice(n)]++;
    const finalResults = proposals
      .map((proposalId) => ({ proposalId, votes: expectedVotes[proposalId] }))
      .sort((a, b) => b.votes - a.votes);
    const published = await app.get(`/api/consultations/${consultationId}/results?minPosition=0`, people.moderator);
    expect(published.body).toMatchObject({ turnout: votes, results: finalResults });

    for (const client of audience) await client.until(() => client.tallies.at(-1)?.turnout === votes, 'the final tally');
    // Nothing more comes once the burst is over.
    await new Promise((r) => setTimeout(r, 300));
    for (const client of audience) {
      const fromBurst = client.tallies.slice(1);
      expect(fromBurst.length).toBeGreaterThanOrEqual(1);
      expect(fromBurst.length).toBeLessThanOrEqual(Math.ceil(burstMs / app.config.live.tallyIntervalMs) + 3);
      expect(fromBurst.length).toBeLessThan(votes / 2);
      expect(client.tallies.at(-1)).toMatchObject({ consultationId, status: 'open', turnout: votes, results: finalResults });
      expect(disorder(client.tallies.map((t) => t.position)).filter(([a, b]) => b < a)).toEqual([]);
      expect(client.events).toEqual([]);
      expectNoBallotIn(client);
    }
  });

  it.each(['turnout-only', 'after-close'])(
    'shows participants only turnout under %s until close; moderators always see results',
    async (visibility) => {
      const consultation = await opened(visibility);
      const { id: consultationId, position: openedAt } = consultation;
      const room = `consultation:${consultationId}`;
      const participant = await connect(watcher(4));
      const moderator = await connect(people.moderator);
      const admin = await connect(people.admin);
      for (const client of [participant, moderator, admin]) expect((await client.subscribe(room, openedAt)).ok).toBe(true);

      for (let n = 0; n < 5; n++) await scenario.vote(consultationId, proposals[n % 2], voter(1000 + n));
      await scenario.retract(consultationId, proposals[0], voter(1000));
      for (const client of [participant, moderator, admin])
        await client.until(() => client.tallies.at(-1)?.turnout === 4, 'the tally of 4 voters');
      expect(participant.tallies.every((t) => !('results' in t))).toBe(true);
      expect(participant.tallies.at(-1)).toEqual({
        consultationId,
        status: 'open',
        tallyVisibility: visibility,
        turnout: 4,
        position: expect.any(Number),
      });
      const during = [
        { proposalId: proposals[0], votes: 2 },
        { proposalId: proposals[1], votes: 2 },
        { proposalId: proposals[2], votes: 0 },
      ];
      for (const client of [moderator, admin]) expect(client.tallies.at(-1)).toMatchObject({ turnout: 4, results: during });

      const closed = await scenario.close(consultation);
      for (const client of [participant, moderator, admin])
        await client.until(() => client.tallies.at(-1)?.status === 'closed', 'the tally at close');
      expect(participant.tallies.at(-1)).toEqual({
        consultationId,
        status: 'closed',
        tallyVisibility: visibility,
        turnout: 4,
        results: during,
        position: closed.position,
      });
      for (const client of [participant, moderator, admin]) {
        expect(client.events.map((e) => e.type)).toEqual(['ConsultationClosed']);
        expectNoBallotIn(client);
      }
    },
  );
});
