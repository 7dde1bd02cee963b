import { randomUUID } from 'node:crypto';
import {
  acknowledgement,
  exists,
  idOfStream,
  read,
  type Acknowledgement,
  type CommandContext,
  type CommandHandler,
} from '@cocrea/platform';
import { commitmentStream } from '../commitments';
import { consultationStream } from '../consultations';
import { proposalStream } from '../proposals';
import { commentDecider, commentStream, type CommentTargetType } from './comment.decider';

/** The stream of each kind of target. */
const TARGET_STREAMS: Record<CommentTargetType, (id: string) => string> = {
  proposal: proposalStream,
  commitment: commitmentStream,
  consultation: consultationStream,
};

export const postComment = async (
  commands: CommandHandler,
  comment: { targetType: CommentTargetType; targetId: string; body: string; parentId?: string },
  context: CommandContext,
): Promise<Acknowledgement> => {
  const commentId = randomUUID();
  const outcome = await commands.with(commentDecider).decide(
    commentStream(commentId),
    ({ target, parent }) => ({
      type: 'PostComment',
      data: { commentId, ...comment, authorId: context.actor.id, authorName: context.actor.name },
      context: { targetExists: target.state, parent: parent?.state },
    }),
    context,
    {
      creates: true,
      reads: {
        target: exists(TARGET_STREAMS[comment.targetType](comment.targetId)),
        parent: comment.parentId === undefined ? undefined : read(commentStream(comment.parentId), commentDecider),
      },
    },
  );
  return acknowledgement(idOfStream(outcome.streamId), outcome);
};

/** Hides or shows again a comment, recording who decided and why. */
export const moderateComment = async (
  commands: CommandHandler,
  commentId: string,
  decision: 'HideComment' | 'RestoreComment',
  reason: string,
  context: CommandContext,
): Promise<Acknowledgement> =>
  acknowledgement(
    commentId,
    await commands
      .with(commentDecider)
      .decide(
        commentStream(commentId),
        { type: decision, data: { commentId, reason, moderatorId: context.actor.id, moderatorName: context.actor.name } },
        context,
      ),
  );
