import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { LowerCase } from '@cocrea/platform';
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
  @Matches(/\S/, { message: 'body must not be blank' })
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
  @Matches(/\S/, { message: 'reason must not be blank' })
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
