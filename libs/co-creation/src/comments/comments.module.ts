import { commentRooms } from './comment.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { CommentsController } from './comments.controller';
import { commentProjection } from './comment.projection';

@Module({ controllers: [CommentsController] })
export class CommentsModule {}

export const commentsFeature: Feature = { name: 'comments', module: CommentsModule, projections: [commentProjection], rooms: commentRooms };
