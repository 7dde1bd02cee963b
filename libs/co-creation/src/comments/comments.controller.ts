import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@cocrea/event-store';
import {
  Actor,
  Command,
  CommandContext,
  CommandHandler,
  CommandResponse,
  CurrentActor,
  IdPipe,
  ReadModelDatabase,
  Roles,
  commandResponse,
  found,
  idOfStream,
} from '@cocrea/platform';
import { commitmentStream } from '../commitments/commitment.decider';
import { consultationStream } from '../consultations/consultation.decider';
import { proposalStream } from '../proposals/proposal.decider';
import { CommentCommand, CommentTargetType, commentDecider, commentStream } from './comment.decider';
import { CommentsQueryDto, ModerateCommentDto, PostCommentDto } from './comment.dto';
import { COMMENTS, CommentView } from './comment.projection';
import { ThreadedComment, asSeenBy, threadOrder } from './comment-thread';

/** The stream of each kind of target. */
const TARGET_STREAMS: Record<CommentTargetType, (id: string) => string> = {
  proposal: proposalStream,
  commitment: commitmentStream,
  consultation: consultationStream,
};

@ApiTags('comments')
@ApiBearerAuth()
@Controller('api/comments')
export class CommentsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly readModels: ReadModelDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Comment on a proposal, commitment or consultation, or reply to a comment on it' })
  @ApiCreatedResponse({ type: CommandResponse })
  async post(@Body() body: PostCommentDto, @Command() context: CommandContext): Promise<CommandResponse> {
    const commentId = randomUUID();
    const result = await this.commands.handle(
      commentStream(commentId),
      commentDecider,
      async (state) => {
        const target = await this.store.streamRevision(TARGET_STREAMS[body.targetType](body.targetId));
        const parent = body.parentId === undefined ? undefined : (await this.commands.load(commentStream(body.parentId), commentDecider)).state;
        const command: CommentCommand = {
          type: 'PostComment',
          data: { commentId, ...body, authorId: context.actor.id, authorName: context.actor.name },
          context: { targetExists: target.revision > 0, parent },
        };
        return commentDecider.decide(command, state);
      },
      context,
      { creates: true },
    );
    return commandResponse(idOfStream(result.streamId), result);
  }

  @Post(':id/hide')
  @HttpCode(200)
  @Roles('moderator', 'admin')
  @ApiOperation({ summary: 'Hide a comment, with the reason; hiding a hidden comment is refused (422 comment-already-hidden)' })
  @ApiOkResponse({ type: CommandResponse })
  hide(@Param('id', IdPipe) commentId: string, @Body() body: ModerateCommentDto, @Command() context: CommandContext) {
    return this.moderate({ type: 'HideComment', data: this.decision(commentId, body, context.actor) }, context);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('moderator', 'admin')
  @ApiOperation({ summary: 'Show a hidden comment again, with the reason; restoring a visible one is refused (422 comment-not-hidden)' })
  @ApiOkResponse({ type: CommandResponse })
  restore(@Param('id', IdPipe) commentId: string, @Body() body: ModerateCommentDto, @Command() context: CommandContext) {
    return this.moderate({ type: 'RestoreComment', data: this.decision(commentId, body, context.actor) }, context);
  }

  @Get()
  @ApiOperation({
    summary: 'The comments of one target, in thread order',
    description:
      'A flat list, depth first: each reply follows its parent (and the earlier replies to that parent), with `depth` ' +
      '0 for top-level comments. Hidden comments keep their place with `hidden: true`, `hiddenReason` and `body: null`; ' +
      'moderators and admins also get the body.',
  })
  list(@Query() query: CommentsQueryDto, @CurrentActor() actor: Actor): ThreadedComment[] {
    const comments = this.readModels.find<CommentView>(COMMENTS, { targetType: query.targetType, targetId: query.targetId });
    return threadOrder(comments).map(({ comment, depth }) => asSeenBy(comment, depth, actor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One comment, with the same visibility as in the list' })
  get(@Param('id', IdPipe) commentId: string, @CurrentActor() actor: Actor): ThreadedComment {
    const comment = found(this.readModels.get<CommentView>(COMMENTS, commentId), 'comment', commentId);
    let depth = 0;
    for (let parentId = comment.parentId; parentId !== null; depth++) {
      parentId = this.readModels.get<CommentView>(COMMENTS, parentId)?.parentId ?? null;
    }
    return asSeenBy(comment, depth, actor);
  }

  private decision(commentId: string, body: ModerateCommentDto, moderator: Actor) {
    return { commentId, reason: body.reason, moderatorId: moderator.id, moderatorName: moderator.name };
  }

  private async moderate(command: Extract<CommentCommand, { type: 'HideComment' | 'RestoreComment' }>, context: CommandContext) {
    const { commentId } = command.data;
    const result = await this.commands.handle(
      commentStream(commentId),
      commentDecider,
      (state) => commentDecider.decide(command, state),
      context,
      { notFound: { entity: 'comment', id: commentId } },
    );
    return commandResponse(commentId, result);
  }
}
