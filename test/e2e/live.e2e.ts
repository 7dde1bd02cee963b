import type { RecordedEvent } from '@cocrea/event-store';
import { LiveClient, disorder, keyOf, liveClients } from '../support/live-client';
import { signJwt } from '@cocrea/platform';
import { TEST_SECRET, TestApp, people, tokenFor } from '../support/app-harness';
import { Scenario, WorkingGroup } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('live updates over socket.io', () => {
  let app: TestApp;
  let scenario: Scenario;
  let planId: string;
  let group: WorkingGroup;
  const { clients, connect, closeAll } = liveClients(() => app.url);

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    planId = (await scenario.plan()).id;
    group = await scenario.workingGroup(planId, { members: { ana: 'member' } });
  });
  afterEach(closeAll);
  afterAll(() => app.stop());

  const draft = (title: string) => scenario.proposal(group, { title, by: people.ana });

  describe('handshake', () => {
    it('refuses a connection without a valid token, saying why', async () => {
      const missing = await new LiveClient(app.url, undefined).refused();
      expect(missing.message).toMatch(/unauthorized: missing token/);
      const forged = await new LiveClient(app.url, tokenFor('x', ['admin'], 'x', 'wrong-secret')).refused();
      expect(forged.message).toMatch(/unauthorized: token signature is invalid/);
      const expiredToken = signJwt({ sub: 'x', name: 'x', roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 60 }, TEST_SECRET);
      const expired = await new LiveClient(app.url, expiredToken).refused();
      expect(expired.message).toMatch(/unauthorized: token has expired/);
      const garbage = await new LiveClient(app.url, 'not-a-jwt').refused();
      expect(garbage.message).toMatch(/unauthorized: token is not a JWT/);
    });
  });

  describe('subscribing', () => {
    it('refuses a malformed room or position, naming what is wrong', async () => {
      const client = await connect(people.beto);
      for (const body of [{ room: 'nonsense' }, { room: 'plan:123' }, { room: 'session:' + UNKNOWN }, {}, 'plan']) {
        expect(await client.subscribeWith(body)).toEqual({
          ok: false,
          error: expect.stringMatching(
            /room must be one of plan:<uuid>, working-group:<uuid>, proposal:<uuid>, consultation:<uuid>, commitment:<uuid>/,
          ),
        });
      }
      for (const after of [-1, 1.5, '3']) {
        expect(await client.subscribeWith({ room: `plan:${planId}`, after })).toEqual({
          ok: false,
          error: expect.stringMatching(/after must be a non-negative integer/),
        });
      }
      expect(client.socket.connected).toBe(true);
    });

    it('refuses an unknown room, naming it', async () => {
      const client = await connect(people.admin);
      for (const kind of ['plan', 'working-group', 'proposal', 'consultation', 'commitment']) {
        expect(await client.subscribe(`${kind}:${UNKNOWN}`, 0)).toEqual({ ok: false, error: `${kind} ${UNKNOWN} not found` });
      }
      expect(client.events).toEqual([]);
    });

    it('opens a working-group room to its members, moderators and admins only', async () => {
      const room = `working-group:${group.id}`;
      const outsider = await connect(people.outsider);
      expect(await outsider.subscribe(room, 0)).toEqual({ ok: false, error: expect.stringMatching(/members, moderators and admins/) });
      const participant = await connect(people.participant(1));
      expect((await participant.subscribe(room, 0)).ok).toBe(false);
      for (const token of [people.ana, people.moderator, people.admin]) {
        const allowed = await connect(token);
        expect(await allowed.subscribe(room, 0)).toEqual({ ok: true, position: expect.any(Number) });
        await allowed.until(() => allowed.events.some((e) => e.type === 'MemberAdded'), 'the group history');
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(outsider.events).toEqual([]);
      expect(participant.events).toEqual([]);
    });

    it('opens plan, proposal, consultation and commitment rooms to any participant', async () => {
      const proposal = await scenario.proposal(group, { title: 'Open rooms', submitted: true });
      const { id: consultationId } = await scenario.consultation(planId, [proposal]);
      const { id: commitmentId } = await scenario.commitment(proposal);
      const proposalId = proposal.id;
      const participant = await connect(people.participant(2));
      for (const room of [`plan:${planId}`, `proposal:${proposalId}`, `consultation:${consultationId}`, `commitment:${commitmentId}`]) {
        expect(await participant.subscribe(room, 0)).toEqual({ ok: true, position: expect.any(Number) });
      }
      await participant.until(() => participant.events.some((e) => e.room === `commitment:${commitmentId}`), 'the commitment room');
    });

    it('catches up from a position, then streams live, in order and without duplicates', async () => {
      let proposal = await draft('Live one');
      const room = `proposal:${proposal.id}`;
      for (let i = 0; i < 5; i++) proposal = await scenario.edit(proposal, { problem: `p${i}` }, { by: people.ana });
      const client = await connect(people.beto);
      const ack = await client.subscribe(room, 0);
      expect(ack).toEqual({ ok: true, position: expect.any(Number) });
      await client.until(() => client.events.length >= 6, 'catch-up');
      expect(client.events.map((e) => e.type)).toEqual(['ProposalDrafted', ...Array(5).fill('ProposalSectionEdited')]);
      expect(client.events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6]);
      const edit = await scenario.edit(proposal, { objective: 'live' }, { by: people.ana });
      await client.until(() => client.events.length === 7, 'the live edit');
      expect(client.events[6]).toMatchObject({
        room,
        type: 'ProposalSectionEdited',
        revision: 7,
        position: edit.position,
        data: { section: 'objective', text: 'live' },
      });
      expect(client.events[6].metadata).toMatchObject({ actorId: 'ana' });
    });

    it('streams live only when subscribed without a position', async () => {
      const proposal = await draft('Live only');
      const room = `proposal:${proposal.id}`;
      // Commands do not wait for the read models: read the draft back first, so this server has applied it.
      expect((await app.get(`/api/proposals/${proposal.id}?minPosition=${proposal.position}`, people.beto)).status).toBe(200);
      const client = await connect(people.beto);
      const ack = await client.subscribe(room);
      expect(ack.position).toBeGreaterThanOrEqual(proposal.position);
      const edit = await scenario.edit(proposal, { problem: 'now' }, { by: people.ana });
      await client.reached(edit.position, room);
      expect(client.sequence(room)).toEqual([
        { position: edit.position, type: 'ProposalSectionEdited', streamId: `proposal-${proposal.id}`, revision: 2 },
      ]);
    });

    it('holds a subscription whose position is ahead of this server until the server reaches it, or refuses it', async () => {
      const proposal = await draft('Ahead');
      const room = `proposal:${proposal.id}`;
      const client = await connect(people.beto);
      // The client claims a position one past the head: the answer waits until the server has applied it.
      const pending = client.subscribe(room, proposal.position + 1);
      const edit = await scenario.edit(proposal, { problem: 'a' }, { by: people.ana });
      expect(edit.position).toBe(proposal.position + 1);
      expect(await pending).toEqual({ ok: true, position: edit.position });
      const next = await scenario.edit(edit, { problem: 'b' }, { by: people.ana });
      await client.reached(next.position, room);
      expect(client.positions(room)).toEqual([next.position]);
      // A position this server never reaches is refused, not silently served with duplicates.
      const refused = await client.subscribe(`plan:${planId}`, 10_000_000);
      expect(refused).toEqual({ ok: false, error: expect.stringMatching(/has not reached position 10000000/) });
    });

    it('accepts the section a client edits as soon as its subscription is answered', async () => {
      const proposal = await draft('Editing early');
      const room = `proposal:${proposal.id}`;
      const watcher = await connect(people.moderator);
      await watcher.subscribe(room);
      const editor = await connect(people.ana);
      // Sent right after the answer, while the catch-up may still be under way: accepted either way.
      expect((await editor.subscribe(room, 0)).ok).toBe(true);
      expect(await editor.sendPresence(room, 'objective')).toEqual({ ok: true });
      await watcher.until(
        () =>
          watcher.presence.some((p) =>
            p.users.some((u: { userId: string; editing?: string }) => u.userId === 'ana' && u.editing === 'objective'),
          ),
        'ana editing the objective',
      );
    });
  });

  describe('which events each room gets', () => {
    /** One whole cycle in a fresh plan, with a watcher of the plan room subscribed live from the start. */
    let cycle: {
      planId: string;
      groupId: string;
      accepted: string;
      rejected: string;
      withdrawn: string;
      consultationId: string;
      commitmentId: string;
      hiddenComment: string;
      planWatcher: LiveClient;
    };

    beforeAll(async () => {
      const plan = await scenario.plan({ title: 'IV Plan' });
      const planWatcher = await LiveClient.connect(app.url, people.participant('watcher'));
      expect((await planWatcher.subscribe(`plan:${plan.id}`)).ok).toBe(true);
      const group = await scenario.workingGroup(plan, { members: { ana: 'member' } });
      const accepted = await scenario.proposal(group, { title: 'Datos abiertos', by: people.ana });
      const rejected = await scenario.proposal(group, { title: 'Presupuesto', by: people.ana });
      const withdrawn = await scenario.proposal(group, { title: 'Justicia', by: people.ana });
      await scenario.edit(accepted, { problem: 'Edited while drafting' }, { by: people.ana });
      const hidden = await scenario.comment('proposal', accepted, 'Rude remark', { by: people.participant(3) });
      await scenario.hide(hidden, 'insults');
      await scenario.comment('proposal', accepted, 'Good idea', { by: people.participant(4) });
      for (const proposal of [accepted, rejected, withdrawn]) await scenario.submit(proposal);
      const consultation = await scenario.consultation(plan, [accepted, rejected], { open: true });
      await scenario.vote(consultation, accepted, people.participant(5));
      await scenario.pause(consultation);
      await scenario.open(consultation);
      await scenario.comment('consultation', consultation, 'Too short', { by: people.participant(6) });
      await scenario.close(consultation);
      await scenario.accept(accepted);
      await scenario.reject(rejected);
      await scenario.withdraw(withdrawn);
      const commitment = await scenario.commitment(accepted, { alreadyAccepted: true });
      await scenario.milestone(commitment);
      await scenario.progress(commitment);
      await scenario.comment('commitment', commitment, 'When?', { by: people.participant(7) });
      await scenario.member(group, 'beto', 'lead');
      cycle = {
        planId: plan.id,
        groupId: group.id,
        accepted: accepted.id,
        rejected: rejected.id,
        withdrawn: withdrawn.id,
        consultationId: consultation.id,
        commitmentId: commitment.id,
        hiddenComment: hidden.id,
        planWatcher,
      };
    });
    afterAll(() => cycle.planWatcher.close());

    /** Catches up a room from 0 and returns what arrived once the room's last event of the log has. */
    const roomFromStart = async (room: string, expectedLast: (log: RecordedEvent[]) => RecordedEvent[]) => {
      const log = await app.events();
      const expected = expectedLast(log);
      const client = await connect(people.moderator);
      expect((await client.subscribe(room, 0)).ok).toBe(true);
      await client.reached(expected.at(-1)!.position, room);
      await new Promise((r) => setTimeout(r, 30));
      expect(disorder(client.positions(room))).toEqual([]);
      expect(client.sequence(room)).toEqual(expected.map(keyOf));
      return client.events;
    };
    const commentsOn = (log: RecordedEvent[], targetId: string) =>
      new Set(log.filter((e) => e.type === 'CommentPosted' && (e.data as any).targetId === targetId).map((e) => e.streamId));

    it('a proposal room gets the proposal’s events and the comments on it, a hidden one without its body', async () => {
      const events = await roomFromStart(`proposal:${cycle.accepted}`, (log) => {
        const comments = commentsOn(log, cycle.accepted);
        return log.filter((e) => e.streamId === `proposal-${cycle.accepted}` || comments.has(e.streamId));
      });
      expect(events.map((e) => e.type)).toEqual([
        'ProposalDrafted',
        'ProposalSectionEdited',
        'CommentPosted',
        'CommentHidden',
        'CommentPosted',
        'ProposalSubmitted',
        'ProposalAccepted',
      ]);
      expect(events[2].data).toMatchObject({ body: null, hidden: true });
      expect(events[4].data).toMatchObject({ body: 'Good idea' });
    });

    it('a working-group room gets its membership and its proposals’ events', async () => {
      const proposals = [cycle.accepted, cycle.rejected, cycle.withdrawn].map((id) => `proposal-${id}`);
      const events = await roomFromStart(`working-group:${cycle.groupId}`, (log) =>
        log.filter((e) => e.streamId === `workingGroup-${cycle.groupId}` || proposals.includes(e.streamId)),
      );
      expect(events.filter((e) => e.streamId.startsWith('workingGroup-')).map((e) => e.type)).toEqual([
        'WorkingGroupFormed',
        'MemberAdded',
        'MemberAdded',
      ]);
      expect(events.filter((e) => e.streamId === `proposal-${cycle.withdrawn}`).map((e) => e.type)).toEqual([
        'ProposalDrafted',
        'ProposalSubmitted',
        'ProposalWithdrawn',
      ]);
      expect(events.some((e) => e.type.startsWith('Comment'))).toBe(false);
    });

    it('a plan room gets the plan and the lifecycle of its proposals, consultations and commitments, not section edits', async () => {
      const events = await roomFromStart(`plan:${cycle.planId}`, (log) =>
        log.filter(
          (e) =>
            e.streamId === `plan-${cycle.planId}` ||
            ([cycle.accepted, cycle.rejected, cycle.withdrawn].some((id) => e.streamId === `proposal-${id}`) &&
              e.type !== 'ProposalSectionEdited') ||
            e.streamId === `consultation-${cycle.consultationId}` ||
            (e.streamId === `commitment-${cycle.commitmentId}` && e.type === 'CommitmentAdopted'),
        ),
      );
      expect(events.map((e) => e.type)).toEqual([
        'PlanCreated',
        'ProposalDrafted',
        'ProposalDrafted',
        'ProposalDrafted',
        'ProposalSubmitted',
        'ProposalSubmitted',
        'ProposalSubmitted',
        'ConsultationScheduled',
        'ConsultationOpened',
        'ConsultationPaused',
        'ConsultationResumed',
        'ConsultationClosed',
        'ProposalAccepted',
        'ProposalRejected',
        'ProposalWithdrawn',
        'CommitmentAdopted',
      ]);
      // The watcher subscribed live before any of it got the same, after the plan's creation.
      expect(cycle.planWatcher.sequence(`plan:${cycle.planId}`)).toEqual(events.slice(1).map(keyOf));
    });

    it('a consultation room gets its lifecycle, comments and tallies, never a ballot', async () => {
      const events = await roomFromStart(`consultation:${cycle.consultationId}`, (log) => {
        const comments = commentsOn(log, cycle.consultationId);
        return log.filter((e) => e.streamId === `consultation-${cycle.consultationId}` || comments.has(e.streamId));
      });
      expect(events.map((e) => e.type)).toEqual([
        'ConsultationScheduled',
        'ConsultationOpened',
        'ConsultationPaused',
        'ConsultationResumed',
        'CommentPosted',
        'ConsultationClosed',
      ]);
      const client = clients.at(-1)!;
      await client.until(() => client.tallies.length > 0, 'the tally on joining');
      expect(client.tallies.at(-1)).toMatchObject({
        consultationId: cycle.consultationId,
        status: 'closed',
        turnout: 1,
        results: [
          { proposalId: cycle.accepted, votes: 1 },
          { proposalId: cycle.rejected, votes: 0 },
        ],
      });
      expect(JSON.stringify(client.received)).not.toMatch(/VoteCast|citizen-5/);
    });

    it('a commitment room gets its milestones, progress and comments', async () => {
      const events = await roomFromStart(`commitment:${cycle.commitmentId}`, (log) => {
        const comments = commentsOn(log, cycle.commitmentId);
        return log.filter((e) => e.streamId === `commitment-${cycle.commitmentId}` || comments.has(e.streamId));
      });
      expect(events.map((e) => e.type)).toEqual(['CommitmentAdopted', 'MilestoneAdded', 'ProgressReported', 'CommentPosted']);
    });
  });

  describe('presence', () => {
    it('sends a big room a bounded list, a few times a second, with the full count', async () => {
      const proposal = await draft('Crowded');
      const room = `proposal:${proposal.id}`;
      const first = await connect(people.moderator);
      await first.subscribe(room);
      const crowd = await Promise.all(Array.from({ length: 110 }, (_, i) => connect(people.participant(`crowd-${i}`))));
      await Promise.all(crowd.map((client) => client.subscribe(room)));
      await first.until(() => first.presenceOf(room)?.count === 111, 'everyone present');
      expect(first.presenceOf(room).users).toHaveLength(100);
      // 111 joins, but presence is coalesced per room: far fewer lists than joins reached the first client.
      expect(first.presence.length).toBeLessThan(40);
    });

    it('tells the room who joins, who edits which section, who leaves and who disconnects', async () => {
      const proposal = await draft('Together');
      const room = `proposal:${proposal.id}`;
      const ana = await connect(people.ana);
      expect(await ana.sendPresence(room, 'problem')).toEqual({ ok: false, error: 'subscribe to the room first' });

      await ana.subscribe(room);
      await ana.until(() => ana.presenceOf(room)?.users.length === 1, 'ana’s own join');
      expect(ana.presenceOf(room)).toEqual({ room, count: 1, users: [{ userId: 'ana', name: 'Ana (sociedad civil)' }] });

      const beto = await connect(people.beto);
      await beto.subscribe(room, 0);
      const both = [
        { userId: 'ana', name: 'Ana (sociedad civil)' },
        { userId: 'beto', name: 'Beto (entidad)' },
      ];
      await ana.until(() => ana.presenceOf(room)?.users.length === 2, 'beto joining');
      expect(ana.presenceOf(room)).toEqual({ room, count: 2, users: both });
      await beto.until(() => beto.presenceOf(room)?.users.length === 2, 'beto seeing both');

      expect(await ana.sendPresence(room, 'problem')).toEqual({ ok: true });
      await beto.until(() => beto.presenceOf(room)?.users[0].editing === 'problem', 'ana editing');
      expect(beto.presenceOf(room)).toEqual({ room, count: 2, users: [{ ...both[0], editing: 'problem' }, both[1]] });
      expect(await ana.sendPresence(room)).toEqual({ ok: true });
      await beto.until(() => beto.presenceOf(room)?.users[0].editing === undefined, 'ana done editing');
      expect(await ana.socket.timeout(5000).emitWithAck('presence', { room, editing: 42 })).toEqual({
        ok: false,
        error: expect.stringMatching(/editing must be a section name/),
      });

      expect(await beto.unsubscribe(room)).toEqual({ ok: true });
      await ana.until(() => ana.presenceOf(room)?.users.length === 1, 'beto leaving');
      expect(ana.presenceOf(room).users).toEqual([both[0]]);
      expect(await beto.sendPresence(room, 'objective')).toEqual({ ok: false, error: 'subscribe to the room first' });

      const carla = await connect(tokenFor('carla', ['participant'], 'Carla'));
      await carla.subscribe(room);
      await ana.until(() => ana.presenceOf(room)?.users.length === 2, 'carla joining');
      carla.close();
      await ana.until(() => ana.presenceOf(room)?.users.length === 1, 'carla disconnecting');
      expect(ana.presenceOf(room).users).toEqual([both[0]]);
      // Presence is ephemeral: nothing of it reaches the log.
      expect((await app.events()).some((e) => /presence/i.test(e.type))).toBe(false);
    });
  });
});
