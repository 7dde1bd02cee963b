import type { Actor } from '@cocrea/platform/auth/actor';
import { asSeenBy, threadOrder } from './comment-thread';
import type { CommentView } from './comment.projection';

const comment = (id: string, parentId: string | null = null): CommentView => ({
  id,
  targetType: 'proposal',
  targetId: 't1',
  parentId,
  body: `body of ${id}`,
  authorId: 'ana',
  authorName: 'Ana',
  postedAt: '2017-08-01T10:00:00.000Z',
  hidden: false,
  moderation: [],
  updatedAt: '2017-08-01T10:00:00.000Z',
  revision: 1,
  position: 1,
});

const participant: Actor = { id: 'citizen-1', name: 'Citizen', roles: ['participant'] };
const moderator: Actor = { id: 'mod-1', name: 'Marta', roles: ['moderator'] };

describe('comment threads', () => {
  it('puts each reply after its parent and its earlier replies, siblings in posting order', () => {
    const posted = [comment('a'), comment('b'), comment('a1', 'a'), comment('b1', 'b'), comment('a1x', 'a1'), comment('a2', 'a')];
    expect(threadOrder(posted).map(({ comment, depth }) => `${comment.id}:${depth}`)).toEqual([
      'a:0',
      'a1:1',
      'a1x:2',
      'a2:1',
      'b:0',
      'b1:1',
    ]);
  });

  it('keeps a reply whose parent is missing, at the top level', () => {
    expect(threadOrder([comment('x', 'gone'), comment('y')]).map(({ comment }) => comment.id)).toEqual(['x', 'y']);
  });

  it('orders a thread thousands deep without overflowing', () => {
    const deep = Array.from({ length: 20_000 }, (_, i) => comment(`c${i}`, i === 0 ? null : `c${i - 1}`));
    const ordered = threadOrder(deep);
    expect(ordered).toHaveLength(20_000);
    expect(ordered[19_999]).toEqual({ comment: deep[19_999], depth: 19_999 });
  });

  it('withholds a hidden body from participants but not from moderators, showing the reason to both', () => {
    const hidden: CommentView = {
      ...comment('h'),
      hidden: true,
      moderation: [{ action: 'hidden', reason: 'insult', moderatorId: 'mod-1', moderatorName: 'Marta', at: 'then', position: 2 }],
    };
    expect(asSeenBy(hidden, 0, participant)).toMatchObject({ body: null, hidden: true, hiddenReason: 'insult' });
    expect(asSeenBy(hidden, 0, moderator)).toMatchObject({ body: 'body of h', hidden: true, hiddenReason: 'insult' });
    expect(asSeenBy(hidden, 0, { ...participant, roles: ['admin'] }).body).toBe('body of h');
  });

  it('shows a restored comment to everyone, with no hidden reason but its moderation history', () => {
    const restored: CommentView = {
      ...comment('r'),
      moderation: [
        { action: 'hidden', reason: 'insult', moderatorId: 'mod-1', moderatorName: 'Marta', at: 'then', position: 2 },
        { action: 'restored', reason: 'appeal', moderatorId: 'mod-2', moderatorName: 'Mario', at: 'later', position: 3 },
      ],
    };
    const seen = asSeenBy(restored, 1, participant);
    expect(seen).toMatchObject({ body: 'body of r', hidden: false, hiddenReason: null, depth: 1 });
    expect(seen.moderation.map((d) => d.action)).toEqual(['hidden', 'restored']);
  });
});
