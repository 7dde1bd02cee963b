import { commitmentRooms } from './commitment.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { CommitmentsController } from './commitments.controller';
import { commitmentProjection } from './commitment.projection';
import { commitmentMessages } from './messages.es';

@Module({ controllers: [CommitmentsController] })
export class CommitmentsModule {}

export const commitmentsFeature: Feature = {
  messages: commitmentMessages,
  name: 'commitments',
  module: CommitmentsModule,
  projections: [commitmentProjection],
  rooms: commitmentRooms,
};
