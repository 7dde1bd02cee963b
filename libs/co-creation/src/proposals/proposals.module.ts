import { proposalRooms } from './proposal.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { ProposalsController } from './proposals.controller';
import { proposalProjection } from './proposal.projection';
import { proposalMessages } from './messages.es';

@Module({ controllers: [ProposalsController] })
export class ProposalsModule {}

export const proposalsFeature: Feature = {
  messages: proposalMessages,
  name: 'proposals',
  module: ProposalsModule,
  projections: [proposalProjection],
  rooms: proposalRooms,
};
