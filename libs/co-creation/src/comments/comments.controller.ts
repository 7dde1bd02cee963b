import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  CommandContext,
  CommandHandler,
  CommandResponse,
  CurrentActor,
  IdPipe,
  Public,
  ROLES,
  ReadSide,
  Roles,
  Sender,
} from '@cocrea/platform';
import { moderateComment, postComment } from './comment.commands';
import { CommentsQueryDto, ModerateCommentDto, PostCommentDto, ThreadedCommentDto } from './comment.dto';
import { commentById, commentThread } from './comment.queries';
import { ThreadedComment } from './comment-thread';

@ApiTags('comments')
@Controller('api/comments')
export class CommentsController {
  constructor(
    private readonly commands: CommandHandler,
    private readonly read: ReadSide,
  ) {}

  @Post()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Comment on a proposal, commitment or consultation, or reply to a comment on it' })
  @ApiCreatedResponse({ type: CommandResponse })
  post(@Body() body: PostCommentDto, @Sender() context: CommandContext): Promise<CommandResponse> {
    return postComment(this.commands, body, context);
  }

  @Post(':id/hide')
  @HttpCode(200)
  @Roles('moderator', 'admin')
  @ApiOperation({ summary: 'Hide a comment, with the reason; hiding a hidden comment is refused (422 comment-already-hidden)' })
  @ApiOkResponse({ type: CommandResponse })
  hide(
    @Param('id', IdPipe) commentId: string,
    @Body() body: ModerateCommentDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return moderateComment(this.commands, commentId, 'HideComment', body.reason, context);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('moderator', 'admin')
  @ApiOperation({ summary: 'Show a hidden comment again, with the reason; restoring a visible one is refused (422 comment-not-hidden)' })
  @ApiOkResponse({ type: CommandResponse })
  restore(
    @Param('id', IdPipe) commentId: string,
    @Body() body: ModerateCommentDto,
    @Sender() context: CommandContext,
  ): Promise<CommandResponse> {
    return moderateComment(this.commands, commentId, 'RestoreComment', body.reason, context);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The comments of one target, in thread order',
    description:
      'A flat list, depth first: each reply follows its parent (and the earlier replies to that parent), with `depth` ' +
      '0 for top-level comments. Hidden comments keep their place with `hidden: true`, `hiddenReason` and `body: null`; ' +
      'moderators and admins also get the body.',
  })
  @ApiOkResponse({ type: [ThreadedCommentDto] })
  list(@Query() query: CommentsQueryDto, @CurrentActor() actor: Actor | undefined): ThreadedComment[] {
    return commentThread(this.read, { targetType: query.targetType, targetId: query.targetId }, actor);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One comment, with the same visibility as in the list' })
  @ApiOkResponse({ type: ThreadedCommentDto })
  get(@Param('id', IdPipe) commentId: string, @CurrentActor() actor: Actor | undefined): ThreadedComment {
    return commentById(this.read, commentId, actor);
  }
}
