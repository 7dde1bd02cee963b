import { Module, OnModuleInit } from '@nestjs/common';
import { ProjectionRunner } from '@cocrea/platform';
import { PlansModule } from './plans/plans.module';
import { coCreationProjections } from './projections';

/** The bounded contexts of co-creation, one Nest module each. */
@Module({ imports: [PlansModule] })
export class CoCreationModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRunner) {}

  onModuleInit(): void {
    coCreationProjections.forEach((projection) => this.projections.register(projection));
  }
}
