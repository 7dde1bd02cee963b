import { TestApp, ok, people, tokenFor } from '../support/app-harness';
import { liveClients } from '../support/live-client';
import { Scenario, type Written } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('work tables: meetings with agenda, attendance, polls, a moderated queue and minutes', () => {
  let app: TestApp;
  let scenario: Scenario;
  let plan: Written;
  let group: Written & { planId: string };
  const live = liveClients(() => app.url);

  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    plan = await scenario.plan();
    group = await scenario.workingGroup(plan, { members: { ana: 'member', beto: 'lead' } });
  });
  afterEach(() => live.closeAll());
  afterAll(() => app.stop());

  const meeting = (id: string, token?: string, position = 0) => app.get(`/api/meetings/${id}?minPosition=${position}`, token);
  const started = async (fields: Record<string, unknown> = {}) => {
    const scheduled = await scenario.meeting(plan, fields);
    const start = ok(await app.post(`/api/meetings/${scheduled.id}/start`, people.moderator));
    return { ...scheduled, ...start, agenda: ok(await meeting(scheduled.id, undefined, start.position)).agenda as Array<{ id: string }> };
  };

  it('schedules a technical table, starts it and moves through its agenda, over HTTP and in its room', async () => {
    const scheduled = await scenario.meeting(plan, { workingGroupId: group.id });
    expect(scheduled).toEqual({ id: expect.any(String), revision: 1, position: expect.any(Number) });
    const view = ok(await meeting(scheduled.id, undefined, scheduled.position));
    expect(view).toMatchObject({
      id: scheduled.id,
      planId: plan.id,
      workingGroupId: group.id,
      kind: 'technical-table',
      status: 'scheduled',
      currentItemId: null,
      place: 'Bogotá, salón 3',
      invited: { entities: ['Colombia Compra Eficiente'], organisations: ['Transparencia por Colombia'] },
      attendance: { total: 0 },
      polls: [],
      questions: [],
    });
    expect(view.agenda.map((item: any) => [item.title, item.minutes])).toEqual([
      ['Bienvenida', 10],
      ['Línea base', 45],
      ['Acuerdos', 30],
    ]);
    const listed = ok(await app.get(`/api/meetings?planId=${plan.id}&minPosition=${scheduled.position}`));
    expect(listed.map((m: any) => m.id)).toContain(scheduled.id);
    expect(ok(await app.get(`/api/meetings?planId=${UNKNOWN}`))).toEqual([]);

    const watcher = await live.connect(people.participant(1));
    expect((await watcher.subscribe(`meeting:${scheduled.id}`, 0)).ok).toBe(true);
    // The group's lead runs it; a plain member of the group does not.
    const refused = await app.post(`/api/meetings/${scheduled.id}/start`, people.ana);
    expect(refused.status).toBe(403);
    const start = ok(await app.post(`/api/meetings/${scheduled.id}/start`, people.beto));
    const [, second, third] = view.agenda.map((item: any) => item.id);
    const moved = ok(await app.post(`/api/meetings/${scheduled.id}/agenda/current`, people.beto, { item: second }));
    expect(moved.revision).toBe(start.revision + 1);
    // Moving to the current item again changes nothing.
    expect(ok(await app.post(`/api/meetings/${scheduled.id}/agenda/current`, people.beto, { item: second })).revision).toBe(moved.revision);
    const unknownItem = await app.post(`/api/meetings/${scheduled.id}/agenda/current`, people.beto, { item: UNKNOWN });
    expect(unknownItem.status).toBe(404);
    ok(await app.post(`/api/meetings/${scheduled.id}/agenda/current`, people.beto, { item: third }));

    await watcher.until(() => watcher.events.filter((e) => e.type === 'AgendaItemStarted').length === 2, 'two agenda moves');
    expect(watcher.events.map((e) => e.type)).toEqual(['MeetingScheduled', 'MeetingStarted', 'AgendaItemStarted', 'AgendaItemStarted']);
    expect(watcher.events[1].data).toEqual({ meetingId: scheduled.id, itemId: view.agenda[0].id });
    await watcher.until(() => watcher.presenceOf(`meeting:${scheduled.id}`)?.count === 1, 'presence in the room');
    const now = ok(await meeting(scheduled.id, undefined, watcher.lastPosition()));
    expect(now).toMatchObject({ status: 'in-progress', currentItemId: third, startedAt: expect.any(String) });
  });

  it('refuses what the rules do not allow, and records nothing for it', async () => {
    const before = (await app.events()).length;
    const invalid = await app.post('/api/meetings', people.moderator, { planId: plan.id, kind: 'dinner', title: '', agenda: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toMatch(/kind must be one of the following values/);
    const reversed = await app.post('/api/meetings', people.moderator, {
      ...bodiesOf(plan.id),
      startsAt: '2027-03-10T17:00:00-05:00',
      endsAt: '2027-03-10T14:00:00-05:00',
    });
    expect(reversed.status).toBe(422);
    expect(reversed.body.code).toBe('invalid-schedule');
    const nowhere = await app.post('/api/meetings', people.moderator, { ...bodiesOf(plan.id), place: undefined });
    expect(nowhere.body.code).toBe('place-required');
    const noPlan = await app.post('/api/meetings', people.moderator, bodiesOf(UNKNOWN));
    expect(noPlan.status).toBe(404);
    const notLead = await app.post('/api/meetings', people.ana, { ...bodiesOf(plan.id), workingGroupId: group.id });
    expect(notLead.status).toBe(403);
    const participant = await app.post('/api/meetings', people.participant(2), bodiesOf(plan.id));
    expect(participant.status).toBe(403);
    expect((await app.events()).length).toBe(before);

    const scheduled = await scenario.meeting(plan);
    const poll = await app.post(`/api/meetings/${scheduled.id}/polls`, people.moderator, {
      form: 'statement',
      question: 'Antes de empezar',
    });
    expect([poll.status, poll.body.code]).toEqual([422, 'wrong-status']);
    const cancelBlank = await app.post(`/api/meetings/${scheduled.id}/cancel`, people.moderator, { reason: ' ' });
    expect(cancelBlank.status).toBe(400);
    ok(await app.post(`/api/meetings/${scheduled.id}/cancel`, people.moderator, { reason: 'La entidad pidió aplazarla' }));
    const afterCancel = await app.post(`/api/meetings/${scheduled.id}/start`, people.moderator);
    expect([afterCancel.status, afterCancel.body.code]).toEqual([422, 'wrong-status']);
    const checkIn = await app.post(`/api/meetings/${scheduled.id}/attendance`, people.participant(3), {
      organisation: 'Uniandes',
      sector: 'academia',
    });
    expect(checkIn.status).toBe(422);
    const view = ok(await meeting(scheduled.id));
    expect(view).toMatchObject({ status: 'cancelled', cancelReason: 'La entidad pidió aplazarla' });
    expect((await app.get(`/api/meetings/${UNKNOWN}`)).status).toBe(404);
  });

  it('checks people in: counts by sector are public, names only for those who run the meeting', async () => {
    const table = await started();
    const self = ok(
      await app.post(`/api/meetings/${table.id}/attendance`, people.participant(4), { organisation: 'Uniandes', sector: 'academia' }),
    );
    // Once per person: checking in again changes nothing.
    const again = ok(
      await app.post(`/api/meetings/${table.id}/attendance`, people.participant(4), { organisation: 'Uniandes', sector: 'academia' }),
    );
    expect(again).toEqual(self);
    const luz = { name: 'Luz Pérez', organisation: 'MinTIC', sector: 'government' };
    const first = ok(await app.post(`/api/meetings/${table.id}/attendance`, people.moderator, luz));
    // The same walk-in checked in twice (a double click, a retry) counts once.
    expect(ok(await app.post(`/api/meetings/${table.id}/attendance`, people.moderator, { ...luz, name: ' luz pérez ' }))).toEqual(first);
    const walkIn = await app.post(`/api/meetings/${table.id}/attendance`, people.participant(5), {
      name: 'Someone else',
      organisation: 'X',
      sector: 'private',
    });
    expect(walkIn.status).toBe(403);
    const bad = await app.post(`/api/meetings/${table.id}/attendance`, people.participant(5), { organisation: 'X', sector: 'aliens' });
    expect(bad.status).toBe(400);

    const last = ok(
      await app.post(`/api/meetings/${table.id}/attendance`, people.participant(6), {
        organisation: 'Fundación Corona',
        sector: 'civil-society',
      }),
    );
    const view = ok(await meeting(table.id, undefined, last.position));
    expect(view.attendance).toEqual({
      total: 3,
      bySector: { government: 1, 'civil-society': 1, academia: 1, private: 0, international: 0, citizen: 0 },
      position: last.position,
    });
    expect((await app.get(`/api/meetings/${table.id}/attendance`, people.ana)).status).toBe(403);
    expect(ok(await app.get(`/api/meetings/${table.id}/mine?minPosition=${last.position}`, people.participant(4))).checkedIn).toBe(true);
    expect(ok(await app.get(`/api/meetings/${table.id}/mine`, people.participant(5))).checkedIn).toBe(false);
    const names = ok(await app.get(`/api/meetings/${table.id}/attendance?minPosition=${last.position}`, people.moderator));
    expect(names.map((a: any) => [a.name, a.organisation, a.sector, a.by])).toEqual([
      ['Citizen 4', 'Uniandes', 'academia', 'self'],
      ['Luz Pérez', 'MinTIC', 'government', 'runner'],
      ['Citizen 6', 'Fundación Corona', 'civil-society', 'self'],
    ]);
    // The attendance stream is named by a pseudonym, not by the person.
    const streams = (await app.events()).filter((e) => e.type === 'AttendeeCheckedIn').map((e) => e.streamId);
    expect(streams.some((id) => id.includes('citizen-4'))).toBe(false);
  });

  it('runs quick polls with secret votes, live results as allowed, and fixes them when closed', async () => {
    const table = await started();
    const watcher = await live.connect(people.participant(7));
    expect((await watcher.subscribe(`meeting:${table.id}`)).ok).toBe(true);
    const single = ok(
      await app.post(`/api/meetings/${table.id}/polls`, people.moderator, {
        form: 'single',
        question: '¿Se incluye?',
        options: ['Sí', 'No'],
      }),
      201,
    );
    expect(single).toEqual({ id: expect.any(String), meetingId: table.id, revision: table.revision + 1, position: expect.any(Number) });
    // A retried request with the same Idempotency-Key answers the poll the first one opened.
    const statementPoll = { form: 'statement', question: 'Una vez' };
    const once = ok(
      await app.post(`/api/meetings/${table.id}/polls`, people.moderator, statementPoll, { 'idempotency-key': 'poll-1' }),
      201,
    );
    const retried = ok(
      await app.post(`/api/meetings/${table.id}/polls`, people.moderator, statementPoll, { 'idempotency-key': 'poll-1' }),
      201,
    );
    expect(retried).toEqual(once);
    ok(await app.post(`/api/meetings/${table.id}/polls/${once.id}/close`, people.moderator));
    const hidden = ok(
      await app.post(`/api/meetings/${table.id}/polls`, people.moderator, {
        form: 'multiple',
        question: '¿Qué priorizar?',
        options: ['Datos', 'Territorios', 'Formación'],
        maxChoices: 2,
        results: 'after-close',
      }),
      201,
    );
    const statement = ok(
      await app.post(`/api/meetings/${table.id}/polls`, people.moderator, { form: 'statement', question: 'La línea base de 2016 basta' }),
      201,
    );
    const vote = (pollId: string, token: string, choices: string[]) =>
      app.put(`/api/meetings/${table.id}/polls/${pollId}/vote`, token, { choices });

    ok(await vote(single.id, people.participant(1), ['option-1']));
    ok(await vote(single.id, people.participant(2), ['option-2']));
    // Voting again replaces the vote: one vote each.
    ok(await vote(single.id, people.participant(2), ['option-1']));
    expect((await vote(single.id, people.participant(3), ['option-1', 'option-2'])).body.code).toBe('too-many-choices');
    expect((await vote(single.id, people.participant(3), ['option-9'])).body.code).toBe('unknown-option');
    expect((await vote(single.id, people.participant(3), [])).status).toBe(400);
    ok(await vote(hidden.id, people.participant(1), ['option-1', 'option-3']));
    expect((await vote(hidden.id, people.participant(2), ['option-1', 'option-2', 'option-3'])).body.code).toBe('too-many-choices');
    ok(await vote(statement.id, people.participant(1), ['agree']));
    const lastVote = ok(await vote(statement.id, people.participant(2), ['pass']));

    const results = (pollId: string, token?: string) =>
      app.get(`/api/meetings/${table.id}/polls/${pollId}/results?minPosition=${lastVote.position}`, token);
    expect(ok(await results(single.id)).votes).toEqual([
      { optionId: 'option-1', label: 'Sí', votes: 2 },
      { optionId: 'option-2', label: 'No', votes: 0 },
    ]);
    expect(ok(await results(single.id)).voters).toBe(2);
    const hiddenResults = ok(await results(hidden.id, people.participant(1)));
    expect(hiddenResults).toMatchObject({ status: 'open', results: 'after-close', voters: 1 });
    expect(hiddenResults.votes).toBeUndefined();
    expect(ok(await results(hidden.id, people.moderator)).votes.map((o: any) => o.votes)).toEqual([1, 0, 1]);
    expect(ok(await results(statement.id)).votes.map((o: any) => [o.optionId, o.votes])).toEqual([
      ['agree', 1],
      ['disagree', 0],
      ['pass', 1],
    ]);
    expect(
      ok(await app.get(`/api/meetings/${table.id}/polls/${single.id}/vote?minPosition=${lastVote.position}`, people.participant(2)))
        .choices,
    ).toEqual(['option-1']);

    // The room gets the results coalesced, ending on the last state, as each viewer may see them.
    await watcher.until(() => {
      const last = watcher.received.filter((m) => m.name === 'poll-results').at(-1)?.payload;
      return last?.position >= lastVote.position;
    }, 'poll results up to the last vote');
    const seen = watcher.received.filter((m) => m.name === 'poll-results').at(-1)!.payload;
    expect(seen.polls.map((p: any) => [p.pollId, p.voters, p.votes?.map((o: any) => o.votes)])).toEqual([
      [single.id, 2, [2, 0]],
      [once.id, 0, [0, 0, 0]],
      [hidden.id, 1, undefined],
      [statement.id, 2, [1, 0, 1]],
    ]);
    // Ballots are never broadcast, and record nothing of the voter.
    expect(watcher.events.some((e) => e.type === 'PollVoteCast')).toBe(false);
    const ballots = (await app.events()).filter((e) => e.type === 'PollVoteCast');
    expect(JSON.stringify(ballots)).not.toMatch(/citizen-|Citizen/);

    const closed = ok(await app.post(`/api/meetings/${table.id}/polls/${hidden.id}/close`, people.moderator));
    expect((await vote(hidden.id, people.participant(4), ['option-2'])).body.code).toBe('poll-closed');
    expect((await app.post(`/api/meetings/${table.id}/polls/${hidden.id}/close`, people.moderator)).body.code).toBe('poll-closed');
    const fixed = ok(
      await app.get(`/api/meetings/${table.id}/polls/${hidden.id}/results?minPosition=${closed.position}`, people.participant(1)),
    );
    expect(fixed).toMatchObject({ status: 'closed', voters: 1 });
    expect(fixed.votes.map((o: any) => o.votes)).toEqual([1, 0, 1]);
    // Closing the meeting closes the polls still open.
    const end = ok(await app.post(`/api/meetings/${table.id}/close`, people.moderator, {}));
    const view = ok(await meeting(table.id, undefined, end.position));
    expect(view.polls.map((p: any) => p.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(view.polls[0].tally.votes.map((o: any) => o.votes)).toEqual([2, 0]);
    // The closed polls go into the minutes, with their results.
    const minuted = ok(await app.post(`/api/meetings/${table.id}/minutes`, people.moderator, { summary: 'Votaciones', agreements: [] }));
    const withMinutes = ok(await meeting(table.id, people.participant(1), minuted.position));
    expect(withMinutes.minutes.polls.map((p: any) => [p.question, p.voters, p.votes.map((o: any) => o.votes)])).toEqual([
      ['¿Se incluye?', 2, [2, 0]],
      ['Una vez', 0, [0, 0, 0]],
      ['¿Qué priorizar?', 1, [1, 0, 1]],
      ['La línea base de 2016 basta', 2, [1, 0, 1]],
    ]);
  });

  it('runs a moderated queue: approved questions are shown and upvoted once each, rejections give a public reason', async () => {
    const table = await started();
    const watcher = await live.connect(people.participant(8));
    expect((await watcher.subscribe(`meeting:${table.id}`)).ok).toBe(true);
    const moderatorSocket = await live.connect(people.moderator);
    expect((await moderatorSocket.subscribe(`meeting:${table.id}`)).ok).toBe(true);
    const ask = (token: string, text: string, kind?: string) =>
      app.post(`/api/meetings/${table.id}/questions`, token, { text, ...(kind ? { kind } : {}) });
    const first = ok(await ask(people.participant(1), '¿Quién publica los datos?'), 201);
    const second = ok(await ask(people.participant(2), 'Propongo incluir los municipios', 'contribution'), 201);
    const rude = ok(await ask(people.participant(3), 'texto ofensivo'), 201);
    expect((await ask(people.participant(3), '   ')).status).toBe(400);

    // Pending questions are not shown but to those who run the meeting.
    const pendingForAll = ok(await app.get(`/api/meetings/${table.id}/questions?minPosition=${rude.position}`, people.participant(1)));
    expect(pendingForAll).toEqual([]);
    const pendingForModerator = ok(
      await app.get(`/api/meetings/${table.id}/questions?status=pending&minPosition=${rude.position}`, people.moderator),
    );
    expect(pendingForModerator.map((q: any) => q.text)).toEqual([
      '¿Quién publica los datos?',
      'Propongo incluir los municipios',
      'texto ofensivo',
    ]);
    await moderatorSocket.until(
      () => watcherQueue(moderatorSocket)?.pending?.length === 3,
      'the moderator sees the pending questions in the room',
    );
    // The same send left the participants out: nothing they see had changed (they got the queue once, on joining).
    expect(watcher.received.filter((m) => m.name === 'queue').map((m) => m.payload.approved)).toEqual([[]]);

    const path = (q: Written, action: string) => `/api/meetings/${table.id}/questions/${q.id}/${action}`;
    ok(await app.post(path(first, 'approve'), people.moderator, {}));
    ok(await app.post(path(second, 'approve'), people.moderator, { reason: 'Pertinente para el punto 2' }));
    expect((await app.post(path(rude, 'reject'), people.moderator, {})).status).toBe(400);
    const rejected = ok(await app.post(path(rude, 'reject'), people.moderator, { reason: 'Lenguaje ofensivo (regla 3)' }));
    expect((await app.post(path(rude, 'approve'), people.moderator, {})).body.code).toBe('question-moderated');
    expect((await app.put(path(rude, 'upvote'), people.participant(4))).body.code).toBe('question-not-approved');
    expect((await app.post(path(first, 'approve'), people.participant(4), {})).status).toBe(403);

    ok(await app.put(path(second, 'upvote'), people.participant(4)));
    const upvoteAgain = ok(await app.put(path(second, 'upvote'), people.participant(4)));
    const upvote = ok(await app.put(path(second, 'upvote'), people.participant(5)));
    const answered = ok(await app.post(path(first, 'answer'), people.moderator, { answer: 'La Agencia, cada trimestre.' }));
    expect((await app.post(path(first, 'answer'), people.moderator, { answer: 'Otra vez' })).body.code).toBe('question-answered');
    const latest = Math.max(upvote.position, upvoteAgain.position, answered.position, rejected.position);

    const all = ok(await app.get(`/api/meetings/${table.id}/questions?minPosition=${latest}`, people.participant(1)));
    expect(all.map((q: any) => [q.kind, q.status, q.text, q.decision?.reason ?? null, q.upvotes])).toEqual([
      ['question', 'approved', '¿Quién publica los datos?', null, 0],
      ['contribution', 'approved', 'Propongo incluir los municipios', 'Pertinente para el punto 2', 2],
      ['question', 'rejected', null, 'Lenguaje ofensivo (regla 3)', 0],
    ]);
    // Each person sees their own part: their questions with their text in any status, what they upvoted.
    const mine = (token: string) => app.get(`/api/meetings/${table.id}/mine?minPosition=${latest}`, token);
    expect(ok(await mine(people.participant(4)))).toEqual({ checkedIn: false, questions: [], upvoted: [second.id] });
    const author = ok(await mine(people.participant(3)));
    expect(author.questions.map((q: any) => [q.status, q.text, q.decision.reason])).toEqual([
      ['rejected', 'texto ofensivo', 'Lenguaje ofensivo (regla 3)'],
    ]);
    const forModerator = ok(await app.get(`/api/meetings/${table.id}/questions?status=rejected`, people.moderator));
    expect(forModerator[0].text).toBe('texto ofensivo');
    // The meeting shows its approved queue: unanswered first, most upvoted first.
    const view = ok(await meeting(table.id, undefined, latest));
    expect(view.questions.map((q: any) => [q.text, q.upvotes, q.answer?.text ?? null])).toEqual([
      ['Propongo incluir los municipios', 2, null],
      ['¿Quién publica los datos?', 0, 'La Agencia, cada trimestre.'],
    ]);
    await watcher.until(() => watcherQueue(watcher)?.position >= latest, 'the queue in the room');
    const queue = watcherQueue(watcher);
    expect(queue.approved.map((q: any) => q.id)).toEqual([second.id, first.id]);
    expect(queue.pending).toBeUndefined();
    expect(JSON.stringify(watcher.received)).not.toMatch(/texto ofensivo/);
  });

  it('closes with minutes whose agreements reach the proposal’s history and the commitment’s decision trace', async () => {
    const proposal = await scenario.proposal(group, { by: people.ana, submitted: true, title: 'Contratación abierta territorial' });
    const commitment = await scenario.commitment(proposal, { reason: 'Priorizada en la mesa técnica' });
    const table = await started({ workingGroupId: group.id });
    const badLink = await app.post(`/api/meetings/${table.id}/close`, people.beto, {
      minutes: { summary: 'x', agreements: [{ text: 'y', responsibleEntity: 'z', dueDate: '2027-04-01', proposalId: UNKNOWN }] },
    });
    expect([badLink.status, badLink.body.message]).toEqual([404, `proposal ${UNKNOWN} not found`]);
    const badDate = await app.post(`/api/meetings/${table.id}/close`, people.beto, {
      minutes: { summary: 'x', agreements: [{ text: 'y', responsibleEntity: 'z', dueDate: '2027-04-01T10:00:00Z' }] },
    });
    expect(badDate.status).toBe(400);
    expect(ok(await meeting(table.id)).status).toBe('in-progress');

    const minutes = {
      summary: 'Se revisó la línea base y se acordó ajustarla.',
      agreements: [
        {
          text: 'Incluir la línea base de 2016',
          responsibleEntity: 'Colombia Compra Eficiente',
          dueDate: '2027-04-15',
          proposalId: proposal.id,
          commitmentId: commitment.id,
        },
        { text: 'Convocar a los municipios', responsibleEntity: 'Secretaría de Transparencia', dueDate: '2027-05-01' },
      ],
    };
    const closed = ok(await app.post(`/api/meetings/${table.id}/close`, people.beto, { minutes }));
    expect((await app.post(`/api/meetings/${table.id}/minutes`, people.beto, minutes)).body.code).toBe('minutes-recorded');
    const view = ok(await meeting(table.id, undefined, closed.position));
    expect(view.status).toBe('closed');
    expect(view.minutes).toMatchObject({ summary: minutes.summary, recordedBy: 'beto' });
    expect(view.minutes.agreements.map((a: any) => [a.text, a.proposalId ?? null, a.agreementId])).toEqual([
      ['Incluir la línea base de 2016', proposal.id, expect.any(String)],
      ['Convocar a los municipios', null, expect.any(String)],
    ]);

    const history = ok(await app.get(`/api/proposals/${proposal.id}/history?minPosition=${closed.position}`));
    const agreement = history.at(-1);
    expect(agreement).toMatchObject({
      streamId: `meeting-${table.id}`,
      type: 'MinutesRecorded',
      position: closed.position,
      actor: { id: 'beto' },
    });
    expect(history.slice(0, -1).every((entry: any) => entry.streamId === `proposal-${proposal.id}`)).toBe(true);

    const trace = ok(await app.get(`/api/audit/trace/${commitment.id}?minPosition=${closed.position}`));
    const agreed = trace.steps.filter((step: any) => step.stage === 'agreed');
    expect(agreed).toEqual([
      expect.objectContaining({
        meetingId: table.id,
        position: closed.position,
        streamId: `meeting-${table.id}`,
        agreements: [expect.objectContaining({ text: 'Incluir la línea base de 2016', proposalId: proposal.id })],
      }),
    ]);
    expect(trace.summary.agreements).toBe(1);
    expect(trace.steps.at(-1).stage).toBe('agreed');

    // An agreement starts a proposal draft (once, however often asked) and a milestone of its commitment.
    const [first, second] = view.minutes.agreements.map((a: any) => a.agreementId);
    const draftBody = {
      planId: plan.id,
      workingGroupId: group.id,
      title: 'Convocatoria municipal',
      leadEntity: 'Secretaría de Transparencia',
      branch: 'executive',
      themes: ['transparency'],
      sections: { problem: 'p', objective: 'o', description: 'd' },
    };
    const fromAgreement = ok(await app.post(`/api/meetings/${table.id}/agreements/${second}/proposal`, people.ana, draftBody), 201);
    const again = ok(await app.post(`/api/meetings/${table.id}/agreements/${second}/proposal`, people.beto, draftBody), 201);
    expect(again.id).toBe(fromAgreement.id);
    const drafted = ok(await app.get(`/api/proposals/${fromAgreement.id}?minPosition=${fromAgreement.position}`));
    expect(drafted.fromAgreement).toEqual({ meetingId: table.id, agreementId: second });
    const milestone = ok(
      await app.post(`/api/meetings/${table.id}/agreements/${first}/milestone`, people.moderator, {
        title: 'Publicar la línea base',
        startDate: '2027-04-01',
        endDate: '2027-06-30',
      }),
      201,
    );
    const noCommitment = await app.post(`/api/meetings/${table.id}/agreements/${second}/milestone`, people.moderator, {
      title: 'x',
      startDate: '2027-04-01',
      endDate: '2027-06-30',
    });
    expect([noCommitment.status, noCommitment.body.code]).toEqual([422, 'commitment-required']);
    expect((await app.post(`/api/meetings/${table.id}/agreements/${UNKNOWN}/proposal`, people.ana, draftBody)).status).toBe(404);
    const otherPlan = await app.post(`/api/meetings/${table.id}/agreements/${first}/proposal`, people.moderator, {
      ...draftBody,
      planId: UNKNOWN,
    });
    expect([otherPlan.status, otherPlan.body.code]).toEqual([422, 'agreement-in-other-plan']);
    const led = ok(await meeting(table.id, undefined, Math.max(milestone.position, fromAgreement.position)));
    expect(led.minutes.agreements.map((a: any) => [a.draftedProposalId ?? null, a.milestones ?? []])).toEqual([
      [null, [{ commitmentId: commitment.id, milestoneId: milestone.id }]],
      [fromAgreement.id, []],
    ]);
    const openData = ok(await app.get(`/api/plans/${plan.id}/export.json?minPosition=${milestone.position}`));
    const published = openData.meetings.find((m: any) => m.id === table.id);
    expect(published).toMatchObject({ kind: 'technical-table', status: 'closed', attendance: { total: 0 }, polls: [] });
    expect(published.agreements.map((a: any) => [a.text, a.proposalId])).toEqual([
      ['Incluir la línea base de 2016', proposal.id],
      ['Convocar a los municipios', null],
    ]);
    const retraced = ok(await app.get(`/api/audit/trace/${commitment.id}?minPosition=${milestone.position}`));
    expect(retraced.steps.at(-1)).toMatchObject({ stage: 'milestone', fromAgreement: { meetingId: table.id, agreementId: first } });
  });

  it('records minutes after the close, and not before it', async () => {
    const table = await started();
    const early = await app.post(`/api/meetings/${table.id}/minutes`, people.moderator, { summary: 'x', agreements: [] });
    expect(early.body.code).toBe('wrong-status');
    ok(await app.post(`/api/meetings/${table.id}/close`, people.moderator, {}));
    expect((await app.post(`/api/meetings/${table.id}/minutes`, people.moderator, { summary: ' ', agreements: [] })).body.code).toBe(
      'minutes-empty',
    );
    const recorded = ok(await app.post(`/api/meetings/${table.id}/minutes`, people.moderator, { summary: 'Sin acuerdos', agreements: [] }));
    expect(ok(await meeting(table.id, undefined, recorded.position)).minutes.summary).toBe('Sin acuerdos');
    // An auditor reads, and takes no part.
    expect((await app.post(`/api/meetings/${table.id}/questions`, tokenFor('aud-2', ['auditor']), { text: 'hola' })).status).toBe(403);
  });
});

const bodiesOf = (planId: string) => ({
  planId,
  kind: 'work-table',
  title: 'Mesa de trabajo',
  startsAt: '2027-03-10T14:00:00-05:00',
  endsAt: '2027-03-10T17:00:00-05:00',
  place: 'Bogotá',
  agenda: [{ title: 'Único punto', minutes: 60 }],
});

const watcherQueue = (client: { received: Array<{ name: string; payload: any }> }) =>
  client.received.filter((m) => m.name === 'queue').at(-1)?.payload;
