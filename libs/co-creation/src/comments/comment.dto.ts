import type { ThreadedComment } from './comment-thread';
import type { ModerationDecision } from './comment.projection';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { LowerCase, StreamViewDto, t } from '@cocrea/platform';
import { COMMENT_TARGET_TYPES, CommentTargetType, MAX_COMMENT_LENGTH, MAX_REASON_LENGTH } from './comment.decider';

export class PostCommentDto {
  @ApiProperty({ enum: COMMENT_TARGET_TYPES })
  @IsIn(COMMENT_TARGET_TYPES)
  targetType!: CommentTargetType;

  @ApiProperty({ format: 'uuid', description: 'id of the proposal, commitment or consultation commented on' })
  @IsUUID()
  @LowerCase()
  targetId!: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, example: 'The baseline should cite the 2016 survey.' })
  @IsString()
  @Length(1, MAX_COMMENT_LENGTH)
  @Matches(/\S/, { message: String(t`body must not be blank`) })
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the comment replied to; it must be on the same target' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  parentId?: string;
}

export class ModerateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_REASON_LENGTH, example: 'personal insult (rule 3)' })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  @Matches(/\S/, { message: String(t`reason must not be blank`) })
  reason!: string;
}

export class CommentsQueryDto {
  @ApiProperty({ enum: COMMENT_TARGET_TYPES })
  @IsIn(COMMENT_TARGET_TYPES)
  targetType!: CommentTargetType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  @LowerCase()
  targetId!: string;
}

export class ModerationDecisionDto implements ModerationDecision {
  @ApiProperty({ enum: ['hidden', 'restored'] })
  action!: 'hidden' | 'restored';
  @ApiProperty()
  reason!: string;
  @ApiProperty()
  moderatorId!: string;
  @ApiProperty()
  moderatorName!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
  @ApiProperty()
  position!: number;
}

/** A comment as this reader may see it, in thread order. */
export class ThreadedCommentDto extends StreamViewDto implements ThreadedComment {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: COMMENT_TARGET_TYPES })
  targetType!: CommentTargetType;
  @ApiProperty({ format: 'uuid' })
  targetId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null while the comment is hidden, except for moderators and admins' })
  body!: string | null;
  @ApiProperty()
  authorId!: string;
  @ApiProperty()
  authorName!: string;
  @ApiProperty({ format: 'date-time' })
  postedAt!: string;
  @ApiProperty()
  hidden!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why it is hidden, while it is' })
  hiddenReason!: string | null;
  @ApiProperty({ description: '0 on the target itself, 1 for a reply, …' })
  depth!: number;
  @ApiProperty({ type: [ModerationDecisionDto], description: 'every moderation decision, oldest first' })
  moderation!: ModerationDecisionDto[];
}
