import { Module } from '@nestjs/common';
import { coCreationFeatures } from './features';

/** The features of co-creation, one Nest module each (see `features.ts`). */
@Module({ imports: coCreationFeatures.map((feature) => feature.module) })
export class CoCreationModule {}
