import { consultationRooms } from './consultation.rooms';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type Feature } from '@cocrea/platform';
import { BALLOT_KEY, loadBallotKey } from './ballot-key';
import { ConsultationClock } from './consultation-clock';
import { ConsultationsController } from './consultations.controller';
import { consultationProjection } from './consultation.projection';
import { consultationMessages } from './messages.es';

@Module({
  controllers: [ConsultationsController],
  providers: [ConsultationClock, { provide: BALLOT_KEY, useFactory: (config: AppConfig) => loadBallotKey(config), inject: [APP_CONFIG] }],
  exports: [BALLOT_KEY],
})
export class ConsultationsModule {}

export const consultationsFeature: Feature = {
  messages: consultationMessages,
  name: 'consultations',
  module: ConsultationsModule,
  projections: [consultationProjection],
  rooms: consultationRooms,
};
