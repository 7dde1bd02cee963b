import { planRooms } from './plan.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { PlansController } from './plans.controller';
import { planProjection } from './plan.projection';
import { planMessages } from './messages.es';

@Module({ controllers: [PlansController] })
export class PlansModule {}

export const plansFeature: Feature = {
  messages: planMessages,
  name: 'plans',
  module: PlansModule,
  projections: [planProjection],
  rooms: planRooms,
};
