import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { ConsultationsModule } from '../consultations';
import { MeetingsController } from './meetings.controller';
import { meetingProjection } from './meeting.projection';
import { meetingRooms } from './meeting.rooms';
import { meetingMessages } from './messages.es';

@Module({
  // The ballot key: a poll's votes are secret as a consultation's ballots are, under the same key.
  imports: [ConsultationsModule],
  controllers: [MeetingsController],
})
export class MeetingsModule {}

export const meetingsFeature: Feature = {
  messages: meetingMessages,
  name: 'meetings',
  module: MeetingsModule,
  projections: [meetingProjection],
  rooms: meetingRooms,
};
