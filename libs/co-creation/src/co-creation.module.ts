import { Module, OnModuleInit } from '@nestjs/common';
import { ProjectionRunner } from '@cocrea/platform';
import { CommentsModule } from './comments/comments.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { ConsultationsModule } from './consultations/consultations.module';
import { PlansModule } from './plans/plans.module';
import { coCreationProjections } from './projections';
import { ProposalsModule } from './proposals/proposals.module';
import { WorkingGroupsModule } from './working-groups/working-groups.module';

/** The bounded contexts of co-creation, one Nest module each. */
@Module({ imports: [PlansModule, WorkingGroupsModule, ProposalsModule, ConsultationsModule, CommentsModule, CommitmentsModule] })
export class CoCreationModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRunner) {}

  onModuleInit(): void {
    coCreationProjections.forEach((projection) => this.projections.register(projection));
  }
}
