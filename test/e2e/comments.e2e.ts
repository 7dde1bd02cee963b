import { TestApp, people, tokenFor } from '../support/app-harness';
import { Proposal, Scenario, WorkingGroup } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('comments over HTTP', () => {
  let app: TestApp;
  let scenario: Scenario;
  let group: WorkingGroup;
  let proposalId: string;
  let otherProposal: Proposal;

  /** A plan, a working group where Ana is a member and Beto the lead, and two proposals drafted by Ana. */
  beforeAll(async () => {
    app = await TestApp.start();
    scenario = new Scenario(app);
    group = await scenario.workingGroup(await scenario.plan(), { members: { ana: 'member', beto: 'lead' } });
    proposalId = (await scenario.proposal(group, { title: 'Open contracting', by: people.ana })).id;
    otherProposal = await scenario.proposal(group, { title: 'Open budgets', by: people.ana });
  });
  afterAll(() => app.stop());

  const comment = (token: string, body: string, parentId?: string, targetId = proposalId) =>
    app.post('/api/comments', token, { targetType: 'proposal', targetId, body, ...(parentId ? { parentId } : {}) });
  const thread = (token: string, position: number, targetId = proposalId) =>
    app.get(`/api/comments?targetType=proposal&targetId=${targetId}&minPosition=${position}`, token);

  it('posts comments and replies, and lists them in thread order', async () => {
    const root = await comment(people.ana, 'We need a baseline');
    expect(root.status).toBe(201);
    expect(root.body).toEqual({ id: expect.any(String), revision: 1, position: expect.any(Number) });
    const other = await comment(people.participant(1), 'Include municipalities');
    const reply = await comment(people.beto, 'The 2016 survey can be the baseline', root.body.id);
    const replyToReply = await comment(people.participant(2), 'Which survey?', reply.body.id);
    const lateReply = await comment(people.moderator, 'Please keep it concrete', root.body.id);
    for (const response of [other, reply, replyToReply, lateReply]) expect(response.status).toBe(201);

    const listed = await thread(people.participant(3), lateReply.body.position);
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: any) => [c.id, c.parentId, c.depth, c.body, c.authorId])).toEqual([
      [root.body.id, null, 0, 'We need a baseline', 'ana'],
      [reply.body.id, root.body.id, 1, 'The 2016 survey can be the baseline', 'beto'],
      [replyToReply.body.id, reply.body.id, 2, 'Which survey?', 'citizen-2'],
      [lateReply.body.id, root.body.id, 1, 'Please keep it concrete', 'mod-1'],
      [other.body.id, null, 0, 'Include municipalities', 'citizen-1'],
    ]);
    expect(listed.body[0]).toMatchObject({
      targetType: 'proposal',
      targetId: proposalId,
      authorName: 'Ana (sociedad civil)',
      hidden: false,
      hiddenReason: null,
    });

    const elsewhere = await thread(people.ana, lateReply.body.position, otherProposal.id);
    expect(elsewhere.body).toEqual([]);
  });

  it('hides a comment in place: participants see the reason but not the body, moderators see both', async () => {
    const root = await comment(people.ana, 'Root');
    const insult = await comment(people.participant(4), 'You are all corrupt idiots', root.body.id);
    const after = await comment(people.beto, 'Answer to the root', root.body.id);

    const hidden = await app.post(`/api/comments/${insult.body.id}/hide`, people.moderator, { reason: 'personal insult (rule 3)' });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toEqual({ id: insult.body.id, revision: 2, position: expect.any(Number) });

    const asParticipant = await thread(people.participant(5), hidden.body.position, proposalId);
    const place = (list: any[]) => list.findIndex((c) => c.id === insult.body.id);
    const seen = asParticipant.body[place(asParticipant.body)];
    expect(seen).toMatchObject({ id: insult.body.id, hidden: true, body: null, hiddenReason: 'personal insult (rule 3)', depth: 1 });
    expect(seen.moderation).toEqual([
      {
        action: 'hidden',
        reason: 'personal insult (rule 3)',
        moderatorId: 'mod-1',
        moderatorName: 'Marta Moderadora',
        at: expect.any(String),
        position: hidden.body.position,
      },
    ]);
    // It keeps its place: right after its parent, before the later reply.
    expect(asParticipant.body[place(asParticipant.body) - 1].id).toBe(root.body.id);
    expect(asParticipant.body[place(asParticipant.body) + 1].id).toBe(after.body.id);
    expect(JSON.stringify(asParticipant.body)).not.toContain('corrupt idiots');
    const single = await app.get(`/api/comments/${insult.body.id}`, people.ana);
    expect(single.body).toMatchObject({ body: null, hidden: true, depth: 1 });

    for (const token of [people.moderator, people.admin]) {
      const asModerator = await thread(token, hidden.body.position, proposalId);
      expect(asModerator.body[place(asModerator.body)]).toMatchObject({
        hidden: true,
        body: 'You are all corrupt idiots',
        hiddenReason: 'personal insult (rule 3)',
      });
    }

    const restored = await app.post(`/api/comments/${insult.body.id}/restore`, people.admin, { reason: 'appeal: quoted a headline' });
    expect(restored.status).toBe(200);
    const again = await thread(people.participant(5), restored.body.position, proposalId);
    expect(again.body[place(again.body)]).toMatchObject({ hidden: false, body: 'You are all corrupt idiots', hiddenReason: null });
    expect(again.body[place(again.body)].moderation.map((d: any) => [d.action, d.moderatorId])).toEqual([
      ['hidden', 'mod-1'],
      ['restored', 'admin-1'],
    ]);

    // The log records who decided, when and why.
    const decisions = (await app.events()).filter((e) => e.streamId === `comment-${insult.body.id}` && e.type !== 'CommentPosted');
    expect(decisions.map((e) => [e.type, e.data, e.metadata.actorId, typeof e.recordedAt])).toEqual([
      [
        'CommentHidden',
        { commentId: insult.body.id, reason: 'personal insult (rule 3)', moderatorId: 'mod-1', moderatorName: 'Marta Moderadora' },
        'mod-1',
        'string',
      ],
      [
        'CommentRestored',
        { commentId: insult.body.id, reason: 'appeal: quoted a headline', moderatorId: 'admin-1', moderatorName: 'Admin' },
        'admin-1',
        'string',
      ],
    ]);
  });

  it('comments on a commitment and on a consultation', async () => {
    await scenario.submit(otherProposal, { by: people.ana });
    const commitment = await scenario.commitment(otherProposal);
    const onCommitment = await app.post('/api/comments', people.participant(6), {
      targetType: 'commitment',
      targetId: commitment.id,
      body: 'When is the first milestone?',
    });
    expect(onCommitment.status).toBe(201);
    const listed = await app.get(
      `/api/comments?targetType=commitment&targetId=${commitment.id}&minPosition=${onCommitment.body.position}`,
      people.ana,
    );
    expect(listed.body.map((c: any) => c.body)).toEqual(['When is the first milestone?']);
    // Same id, other type: a commitment's comments are not its proposal's.
    const asProposal = await app.get(`/api/comments?targetType=proposal&targetId=${commitment.id}`, people.ana);
    expect(asProposal.body).toEqual([]);

    const consulted = await scenario.proposal(group, { title: 'Open procurement', by: people.ana, submitted: true });
    const consultation = await scenario.consultation(group.planId, [consulted]);
    const onConsultation = await app.post('/api/comments', people.participant(7), {
      targetType: 'consultation',
      targetId: consultation.id,
      body: 'One vote is too few',
    });
    expect(onConsultation.status).toBe(201);
    const onIt = await app.get(
      `/api/comments?targetType=consultation&targetId=${consultation.id}&minPosition=${onConsultation.body.position}`,
      people.ana,
    );
    expect(onIt.body.map((c: any) => [c.body, c.targetType])).toEqual([['One vote is too few', 'consultation']]);
  });

  it('refuses bad input, unknown ids, wrong roles and broken threads, recording nothing', async () => {
    const root = await comment(people.ana, 'A root to reply to');
    const elsewhere = await comment(people.ana, 'On the other proposal', undefined, otherProposal.id);
    const hidden = await comment(people.participant(8), 'spam spam');
    await scenario.hide(hidden.body, 'spam');
    const before = (await app.events()).length;

    const valid = { targetType: 'proposal', targetId: proposalId, body: 'ok' };
    const cases: Array<[string, { status: number; body: any }, number, RegExp, string?]> = [
      ['no token', await app.post('/api/comments', undefined, valid), 401, /bearer token/],
      ['bad token', await app.post('/api/comments', tokenFor('x', ['participant'], 'x', 'other-secret'), valid), 401, /signature/],
      ['missing body', await app.post('/api/comments', people.ana, { ...valid, body: undefined }), 400, /body/],
      ['blank body', await app.post('/api/comments', people.ana, { ...valid, body: '   ' }), 400, /body must not be blank/],
      ['body too long', await app.post('/api/comments', people.ana, { ...valid, body: 'x'.repeat(10_001) }), 400, /body/],
      ['wrong target type', await app.post('/api/comments', people.ana, { ...valid, targetType: 'plan' }), 400, /targetType/],
      ['target not a uuid', await app.post('/api/comments', people.ana, { ...valid, targetId: 'p1' }), 400, /targetId/],
      ['parent not a uuid', await app.post('/api/comments', people.ana, { ...valid, parentId: 7 }), 400, /parentId/],
      ['unknown field', await app.post('/api/comments', people.ana, { ...valid, author: 'me' }), 400, /author/],
      ['unknown proposal', await app.post('/api/comments', people.ana, { ...valid, targetId: UNKNOWN }), 404, /proposal .* not found/],
      [
        'unknown commitment',
        await app.post('/api/comments', people.ana, { ...valid, targetType: 'commitment', targetId: proposalId }),
        404,
        /commitment .* not found/,
      ],
      [
        'unknown consultation',
        await app.post('/api/comments', people.ana, { ...valid, targetType: 'consultation', targetId: UNKNOWN }),
        404,
        /consultation .* not found/,
      ],
      [
        'unknown parent',
        await app.post('/api/comments', people.ana, { ...valid, parentId: UNKNOWN }),
        422,
        /parent comment .* not found/,
        'parent-not-found',
      ],
      [
        'parent elsewhere',
        await app.post('/api/comments', people.ana, { ...valid, parentId: elsewhere.body.id }),
        422,
        /another proposal/,
        'parent-on-other-target',
      ],
      [
        'participant hides',
        await app.post(`/api/comments/${root.body.id}/hide`, people.participant(9), { reason: 'no' }),
        403,
        /moderator/,
      ],
      ['member restores', await app.post(`/api/comments/${hidden.body.id}/restore`, people.beto, { reason: 'no' }), 403, /moderator/],
      ['hide without reason', await app.post(`/api/comments/${root.body.id}/hide`, people.moderator, {}), 400, /reason/],
      [
        'blank reason',
        await app.post(`/api/comments/${root.body.id}/hide`, people.moderator, { reason: ' ' }),
        400,
        /reason must not be blank/,
      ],
      ['hide bad id', await app.post('/api/comments/nope/hide', people.moderator, { reason: 'x' }), 400, /id must be a UUID/],
      ['hide unknown', await app.post(`/api/comments/${UNKNOWN}/hide`, people.moderator, { reason: 'x' }), 404, /comment .* not found/],
      [
        'hide hidden',
        await app.post(`/api/comments/${hidden.body.id}/hide`, people.moderator, { reason: 'x' }),
        422,
        /already hidden/,
        'comment-already-hidden',
      ],
      [
        'restore visible',
        await app.post(`/api/comments/${root.body.id}/restore`, people.admin, { reason: 'x' }),
        422,
        /not hidden/,
        'comment-not-hidden',
      ],
      ['list without target', await app.get('/api/comments?targetType=proposal', people.ana), 400, /targetId/],
      ['list without type', await app.get(`/api/comments?targetId=${proposalId}`, people.ana), 400, /targetType/],
      ['list with a bad type', await app.get(`/api/comments?targetType=x&targetId=${proposalId}`, people.ana), 400, /targetType/],
      ['unknown comment', await app.get(`/api/comments/${UNKNOWN}`, people.ana), 404, /not found/],
    ];
    for (const [name, response, status, message, code] of cases) {
      expect({ name, status: response.status }).toEqual({ name, status });
      expect({ name, message: response.body.message }).toEqual({ name, message: expect.stringMatching(message) });
      expect({ name, statusCode: response.body.statusCode, error: typeof response.body.error }).toEqual({
        name,
        statusCode: status,
        error: 'string',
      });
      if (code) expect({ name, code: response.body.code }).toEqual({ name, code });
    }
    expect((await app.events()).length).toBe(before);
  });

  it('accepts a body of exactly 10,000 characters and an upper-case target id', async () => {
    const long = await app.post('/api/comments', people.ana, {
      targetType: 'proposal',
      targetId: proposalId.toUpperCase(),
      body: 'x'.repeat(10_000),
    });
    expect(long.status).toBe(201);
    const read = await app.get(`/api/comments/${long.body.id}?minPosition=${long.body.position}`, people.ana);
    expect(read.body).toMatchObject({ targetId: proposalId, depth: 0 });
    expect(read.body.body).toHaveLength(10_000);
  });

  it('returns the first result when a comment is retried with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'comment-once' };
    const first = await app.post('/api/comments', people.ana, { targetType: 'proposal', targetId: proposalId, body: 'only once' }, headers);
    const again = await app.post('/api/comments', people.ana, { targetType: 'proposal', targetId: proposalId, body: 'only once' }, headers);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await app.events()).filter((e) => e.metadata.idempotencyKey === 'comment-once')).toHaveLength(1);
  });
});
