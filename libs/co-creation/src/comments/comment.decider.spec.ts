import { DeciderSpecification } from '@cocrea/platform/testing/decider-specification';
import { Comment, CommentCommand, CommentEvent, commentDecider } from './comment.decider';

const spec = DeciderSpecification.for(commentDecider);

const posted: CommentEvent = {
  type: 'CommentPosted',
  data: { commentId: 'c1', targetType: 'proposal', targetId: 'p1', body: 'Add a baseline', authorId: 'ana', authorName: 'Ana' },
};
const hidden: CommentEvent = {
  type: 'CommentHidden',
  data: { commentId: 'c1', reason: 'insult', moderatorId: 'mod-1', moderatorName: 'Marta' },
};
const restored: CommentEvent = {
  type: 'CommentRestored',
  data: { commentId: 'c1', reason: 'appeal upheld', moderatorId: 'mod-2', moderatorName: 'Mario' },
};

const parentOnP1: Comment = { status: 'visible', commentId: 'c0', targetType: 'proposal', targetId: 'p1' };

const post = (data: Partial<Extract<CommentCommand, { type: 'PostComment' }>['data']> = {}, context = {}): CommentCommand => ({
  type: 'PostComment',
  data: { ...posted.data, ...data } as Extract<CommentCommand, { type: 'PostComment' }>['data'],
  context: { targetExists: true, ...context },
});
const hide = (reason = 'insult'): CommentCommand => ({
  type: 'HideComment',
  data: { commentId: 'c1', reason, moderatorId: 'mod-1', moderatorName: 'Marta' },
});
const restore = (reason = 'appeal upheld'): CommentCommand => ({
  type: 'RestoreComment',
  data: { commentId: 'c1', reason, moderatorId: 'mod-2', moderatorName: 'Mario' },
});

describe('comment decider', () => {
  describe('posting', () => {
    it('posts a comment on an existing target', () => spec.given([]).when(post()).then([posted]));

    it('posts a reply to a comment on the same target', () =>
      spec
        .given([])
        .when(post({ parentId: 'c0' }, { parent: parentOnP1 }))
        .then([{ type: 'CommentPosted', data: { ...posted.data, parentId: 'c0' } }]));

    it('accepts a reply to a hidden comment, so that the thread keeps its shape', () =>
      spec
        .given([])
        .when(post({ parentId: 'c0' }, { parent: { ...parentOnP1, status: 'hidden' } }))
        .then([{ type: 'CommentPosted', data: { ...posted.data, parentId: 'c0' } }]));

    it('accepts a body of exactly 10,000 characters', () =>
      spec
        .given([])
        .when(post({ body: 'x'.repeat(10_000) }))
        .then([{ type: 'CommentPosted', data: { ...posted.data, body: 'x'.repeat(10_000) } }]));

    it('refuses a comment on a target that does not exist (404)', () =>
      spec
        .given([])
        .when(post({}, { targetExists: false }))
        .thenThrows('not-found'));

    it('refuses a blank body', () =>
      spec
        .given([])
        .when(post({ body: '  \n ' }))
        .thenThrows('comment-empty'));

    it('refuses a body over 10,000 characters', () =>
      spec
        .given([])
        .when(post({ body: 'x'.repeat(10_001) }))
        .thenThrows('comment-too-long'));

    it('refuses a reply to a comment that does not exist', () => {
      spec
        .given([])
        .when(post({ parentId: 'c0' }, { parent: { status: 'absent' } }))
        .thenThrows('parent-not-found');
      spec
        .given([])
        .when(post({ parentId: 'c0' }))
        .thenThrows('parent-not-found');
    });

    it('refuses a reply to a comment on another target', () => {
      spec
        .given([])
        .when(post({ parentId: 'c0' }, { parent: { ...parentOnP1, targetId: 'p2' } }))
        .thenThrows('parent-on-other-target');
      spec
        .given([])
        .when(post({ parentId: 'c0' }, { parent: { ...parentOnP1, targetType: 'commitment' } }))
        .thenThrows('parent-on-other-target');
    });

    it('refuses to post the same comment twice', () => spec.given([posted]).when(post()).thenThrows('comment-exists'));
  });

  describe('moderation', () => {
    it('hides a visible comment, recording who and why', () => spec.given([posted]).when(hide()).then([hidden]));

    it('restores a hidden comment, recording who and why', () => spec.given([posted, hidden]).when(restore()).then([restored]));

    it('hides a comment again after it was restored', () =>
      spec
        .given([posted, hidden, restored])
        .when(hide('spam'))
        .then([{ ...hidden, data: { ...hidden.data, reason: 'spam' } }]));

    it('refuses to hide a hidden comment, so that a second reason is not silently dropped', () =>
      spec.given([posted, hidden]).when(hide('again')).thenThrows('comment-already-hidden'));

    it('refuses to restore a visible comment', () => {
      spec.given([posted]).when(restore()).thenThrows('comment-not-hidden');
      spec.given([posted, hidden, restored]).when(restore()).thenThrows('comment-not-hidden');
    });

    it('refuses a moderation decision without a reason', () => {
      spec.given([posted]).when(hide(' ')).thenThrows('reason-required');
      spec.given([posted, hidden]).when(restore('')).thenThrows('reason-required');
    });

    it('refuses a reason over 2,000 characters', () =>
      spec
        .given([posted])
        .when(hide('x'.repeat(2_001)))
        .thenThrows('reason-too-long'));

    it('refuses to moderate a comment that does not exist (404)', () => {
      spec.given([]).when(hide()).thenThrows('not-found');
      spec.given([]).when(restore()).thenThrows('not-found');
    });
  });
});
