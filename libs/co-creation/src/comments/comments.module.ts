import { commentRooms } from './comment.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { CommentsController } from './comments.controller';
import { commentProjection } from './comment.projection';
import { commentMessages } from './messages.es';

@Module({ controllers: [CommentsController] })
export class CommentsModule {}

export const commentsFeature: Feature = {
  messages: commentMessages,
  name: 'comments',
  module: CommentsModule,
  projections: [commentProjection],
  rooms: commentRooms,
};
