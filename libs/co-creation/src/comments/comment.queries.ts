import { found, type Actor, type ReadSide, t } from '@cocrea/platform';
import type { CommentTargetType } from './comment.decider';
import { COMMENTS, type CommentView } from './comment.projection';
import { asSeenBy, threadOrder, type ThreadedComment } from './comment-thread';

/** The comments of one target in thread order, as this reader may see them. */
export const commentThread = (
  read: ReadSide,
  target: { targetType: CommentTargetType; targetId: string },
  reader: Actor | undefined,
): ThreadedComment[] =>
  threadOrder(read.models.find<CommentView>(COMMENTS, target)).map(({ comment, depth }) => asSeenBy(comment, depth, reader));

/** One comment, with the same visibility as in its thread. */
export const commentById = (read: ReadSide, commentId: string, reader: Actor | undefined): ThreadedComment => {
  const comment = found(read.models.get<CommentView>(COMMENTS, commentId), t`comment`, commentId);
  let depth = 0;
  for (let parentId = comment.parentId; parentId !== null; depth++) {
    parentId = read.models.get<CommentView>(COMMENTS, parentId)?.parentId ?? null;
  }
  return asSeenBy(comment, depth, reader);
};
