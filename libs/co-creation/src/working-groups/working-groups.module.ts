import { workingGroupRooms } from './working-group.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { WorkingGroupsController } from './working-groups.controller';
import { workingGroupProjection } from './working-group.projection';
import { workingGroupMessages } from './messages.es';

@Module({ controllers: [WorkingGroupsController] })
export class WorkingGroupsModule {}

export const workingGroupsFeature: Feature = {
  messages: workingGroupMessages,
  name: 'working-groups',
  module: WorkingGroupsModule,
  projections: [workingGroupProjection],
  rooms: workingGroupRooms,
};
