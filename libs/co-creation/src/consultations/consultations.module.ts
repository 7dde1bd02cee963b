import { consultationRooms } from './consultation.rooms';
import { Module } from '@nestjs/common';
import type { Feature } from '@cocrea/platform';
import { ConsultationClock } from './consultation-clock';
import { ConsultationsController } from './consultations.controller';
import { consultationProjection } from './consultation.projection';

@Module({ controllers: [ConsultationsController], providers: [ConsultationClock] })
export class ConsultationsModule {}

export const consultationsFeature: Feature = {
  name: 'consultations',
  module: ConsultationsModule,
  projections: [consultationProjection],
  rooms: consultationRooms,
};
