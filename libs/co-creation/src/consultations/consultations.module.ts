import { Module } from '@nestjs/common';
import { ConsultationClock } from './consultation-clock';
import { ConsultationsController } from './consultations.controller';

@Module({ controllers: [ConsultationsController], providers: [ConsultationClock] })
export class ConsultationsModule {}
