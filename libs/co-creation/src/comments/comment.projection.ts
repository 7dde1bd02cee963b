import { projection, touchedBy } from '@cocrea/platform';
import { COMMENT_CATEGORY, type CommentEvent, type CommentTargetType } from './comment.decider';

export const COMMENTS = 'comments';

export interface ModerationDecision {
  action: 'hidden' | 'restored';
  reason: string;
  moderatorId: string;
  moderatorName: string;
  at: string;
  position: number;
}

export interface CommentView {
  id: string;
  targetType: CommentTargetType;
  targetId: string;
  parentId: string | null;
  body: string;
  authorId: string;
  authorName: string;
  postedAt: string;
  hidden: boolean;
  /** Every moderation decision, oldest first: decisions are public, only a hidden body is withheld. */
  moderation: ModerationDecision[];
  updatedAt: string;
  revision: number;
  position: number;
}

export const commentProjection = projection<CommentEvent>({
  name: 'comments',
  categories: [COMMENT_CATEGORY],
  // GET /api/comments?targetType=&targetId=
  indexes: [{ collection: COMMENTS, fields: ['targetType', 'targetId'] }],
  apply(event, models) {
    const touched = touchedBy(event);
    switch (event.type) {
      case 'CommentPosted': {
        const { commentId, parentId, ...fields } = event.data;
        models.put<CommentView>(COMMENTS, commentId, {
          id: commentId,
          ...fields,
          parentId: parentId ?? null,
          postedAt: event.recordedAt,
          hidden: false,
          moderation: [],
          ...touched,
        });
        return;
      }
      case 'CommentHidden':
      case 'CommentRestored': {
        const { commentId, ...decision } = event.data;
        const action = event.type === 'CommentHidden' ? 'hidden' : 'restored';
        models.update<CommentView>(COMMENTS, commentId, (comment) => ({
          ...comment,
          hidden: action === 'hidden',
          moderation: [...comment.moderation, { action, ...decision, at: event.recordedAt, position: event.position }],
          ...touched,
        }));
        return;
      }
    }
  },
});
