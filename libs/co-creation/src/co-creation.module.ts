import { Module } from '@nestjs/common';
import { CommentsModule } from './comments/comments.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { ConsultationsModule } from './consultations/consultations.module';
import { PlansModule } from './plans/plans.module';
import { ProposalsModule } from './proposals/proposals.module';
import { WorkingGroupsModule } from './working-groups/working-groups.module';

/** The bounded contexts of co-creation, one Nest module each. Their projections are in `projections.ts`. */
@Module({ imports: [PlansModule, WorkingGroupsModule, ProposalsModule, ConsultationsModule, CommentsModule, CommitmentsModule] })
export class CoCreationModule {}
