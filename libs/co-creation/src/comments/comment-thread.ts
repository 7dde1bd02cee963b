import { isModerator, type Actor } from '@cocrea/platform/auth/actor';
import type { CommentView } from './comment.projection';

/** A comment as one reader sees it, at its place in the thread. */
export interface ThreadedComment extends Omit<CommentView, 'body'> {
  /** Withheld (null) while the comment is hidden, except for moderators and admins. */
  body: string | null;
  /** The reason of the decision that hid the comment, while it is hidden. */
  hiddenReason: string | null;
  /** 0 for a comment on the target itself, 1 for a reply to it, and so on. */
  depth: number;
}

/**
 * The comments of one target in thread order: depth first, each reply right after its parent and the
 * parent's earlier replies, siblings in the order they were posted. `comments` come in posting order.
 */
export const threadOrder = (comments: readonly CommentView[]): Array<{ comment: CommentView; depth: number }> => {
  const ids = new Set(comments.map((c) => c.id));
  const replies = new Map<string | null, CommentView[]>();
  for (const comment of comments) {
    // A reply whose parent is not among them (never the case for comments the decider accepted) stays visible at the top.
    const parent = comment.parentId !== null && ids.has(comment.parentId) ? comment.parentId : null;
    replies.set(parent, [...(replies.get(parent) ?? []), comment]);
  }
  const ordered: Array<{ comment: CommentView; depth: number }> = [];
  // An explicit stack, so that a very deep thread cannot overflow the call stack.
  const stack = [...(replies.get(null) ?? [])].reverse().map((comment) => ({ comment, depth: 0 }));
  while (stack.length > 0) {
    const next = stack.pop()!;
    ordered.push(next);
    const children = replies.get(next.comment.id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ comment: children[i], depth: next.depth + 1 });
  }
  return ordered;
};

export const mayReadHiddenComments = (actor: Actor | undefined): boolean => isModerator(actor);

export const asSeenBy = (comment: CommentView, depth: number, actor: Actor | undefined): ThreadedComment => {
  const lastDecision = comment.moderation[comment.moderation.length - 1];
  return {
    ...comment,
    body: comment.hidden && !mayReadHiddenComments(actor) ? null : comment.body,
    hiddenReason: comment.hidden ? (lastDecision?.reason ?? null) : null,
    depth,
  };
};
