import { Command, Decider, Event, refuse } from '@cocrea/platform/domain/decider';
import { type Text, t } from '@cocrea/platform/i18n/text';

export const COMMENT_TARGET_TYPES = ['proposal', 'commitment', 'consultation'] as const;
export type CommentTargetType = (typeof COMMENT_TARGET_TYPES)[number];
export const MAX_COMMENT_LENGTH = 10_000;
export const MAX_REASON_LENGTH = 2_000;

export type CommentEvent =
  | Event<
      'CommentPosted',
      {
        commentId: string;
        targetType: CommentTargetType;
        targetId: string;
        parentId?: string;
        body: string;
        authorId: string;
        authorName: string;
      }
    >
  // Moderation is recorded with who (moderatorId), why (reason) and, by the store, when (recordedAt).
  | Event<'CommentHidden', { commentId: string; reason: string; moderatorId: string; moderatorName: string }>
  | Event<'CommentRestored', { commentId: string; reason: string; moderatorId: string; moderatorName: string }>;

export type Comment =
  | { status: 'absent' }
  | {
      status: 'visible' | 'hidden';
      commentId: string;
      targetType: CommentTargetType;
      targetId: string;
      parentId?: string;
    };

/** What the command layer read from other streams before deciding a new comment. */
export interface PostingContext {
  /** The commented proposal, commitment or consultation exists. */
  targetExists: boolean;
  /** The state of the comment replied to (only when `parentId` is given). */
  parent?: Comment;
}

type Moderation = { commentId: string; reason: string; moderatorId: string; moderatorName: string };

export type CommentCommand =
  | Command<
      'PostComment',
      {
        commentId: string;
        targetType: CommentTargetType;
        targetId: string;
        parentId?: string;
        body: string;
        authorId: string;
        authorName: string;
      },
      PostingContext
    >
  | Command<'HideComment', Moderation>
  | Command<'RestoreComment', Moderation>;

export const COMMENT_CATEGORY = 'comment';
export const commentStream = (commentId: string) => `${COMMENT_CATEGORY}-${commentId}`;

const requireReason = (reason: string) => {
  if (reason.trim().length === 0) refuse('reason-required', t`a moderation decision needs a reason`);
  if (reason.length > MAX_REASON_LENGTH) refuse('reason-too-long', t`reason must be at most ${MAX_REASON_LENGTH} characters`);
};

/** What a comment is on, as a message names it. */
const TARGET_NOUNS: Record<CommentTargetType, Text> = { proposal: t`proposal`, commitment: t`commitment`, consultation: t`consultation` };

/**
 * A comment on a proposal, commitment or consultation, possibly replying to another comment on the same
 * target. Moderators hide and restore it with a reason. Hiding a hidden comment (or restoring a visible
 * one) is refused rather than ignored, so that a moderator whose reason would not be recorded is told so.
 */
export const commentDecider: Decider<Comment, CommentCommand, CommentEvent> = {
  // The author is a person; the body is withheld from the public record while the comment is hidden.
  privacy: {
    personal: { CommentPosted: ['data.authorId', 'data.authorName'] },
    withholdable: { CommentPosted: ['data.body'] },
    withholds: ['CommentHidden'],
    discloses: ['CommentRestored'],
  },

  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    switch (command.type) {
      case 'PostComment': {
        const { data, context } = command;
        if (state.status !== 'absent') return refuse('comment-exists', t`comment ${data.commentId} already exists`);
        if (!context.targetExists) return refuse('not-found', t`${TARGET_NOUNS[data.targetType]} ${data.targetId} not found`);
        if (data.body.trim().length === 0) refuse('comment-empty', t`body must not be blank`);
        if (data.body.length > MAX_COMMENT_LENGTH) refuse('comment-too-long', t`body must be at most ${MAX_COMMENT_LENGTH} characters`);
        if (data.parentId !== undefined) {
          const parent = context.parent ?? { status: 'absent' };
          if (parent.status === 'absent') return refuse('parent-not-found', t`parent comment ${data.parentId} not found`);
          if (parent.targetType !== data.targetType || parent.targetId !== data.targetId) {
            refuse(
              'parent-on-other-target',
              t`parent comment ${data.parentId} is on another ${parent.targetType}, not on this ${data.targetType}`,
            );
          }
        }
        const { parentId, ...rest } = data;
        return [{ type: 'CommentPosted', data: parentId === undefined ? rest : { ...rest, parentId } }];
      }
      case 'HideComment': {
        if (state.status === 'absent') return refuse('not-found', t`comment ${command.data.commentId} not found`);
        if (state.status === 'hidden') return refuse('comment-already-hidden', t`comment ${command.data.commentId} is already hidden`);
        requireReason(command.data.reason);
        return [{ type: 'CommentHidden', data: command.data }];
      }
      case 'RestoreComment': {
        if (state.status === 'absent') return refuse('not-found', t`comment ${command.data.commentId} not found`);
        if (state.status === 'visible') return refuse('comment-not-hidden', t`comment ${command.data.commentId} is not hidden`);
        requireReason(command.data.reason);
        return [{ type: 'CommentRestored', data: command.data }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CommentPosted': {
        const { commentId, targetType, targetId, parentId } = event.data;
        return { status: 'visible', commentId, targetType, targetId, ...(parentId === undefined ? {} : { parentId }) };
      }
      case 'CommentHidden':
        return state.status === 'absent' ? state : { ...state, status: 'hidden' };
      case 'CommentRestored':
        return state.status === 'absent' ? state : { ...state, status: 'visible' };
    }
  },
};
