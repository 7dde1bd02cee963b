import { proposalRooms } from './proposal.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { ProposalsController } from './proposals.controller';
import { proposalProjection } from './proposal.projection';

@Module({ controllers: [ProposalsController] })
export class ProposalsModule {}

export const proposalsFeature: Feature = {
  name: 'proposals',
  module: ProposalsModule,
  projections: [proposalProjection],
  rooms: proposalRooms,
};
