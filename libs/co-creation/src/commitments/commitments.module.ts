import { Module } from '@nestjs/common';
import { CommitmentsController } from './commitments.controller';

@Module({ controllers: [CommitmentsController] })
export class CommitmentsModule {}
