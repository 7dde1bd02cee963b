import type { Projection } from '@cocrea/platform';
import { commentProjection } from './comments/comment.projection';
import { commitmentProjection } from './commitments/commitment.projection';
import { consultationProjection } from './consultations/consultation.projection';
import { planProjection } from './plans/plan.projection';
import { proposalProjection } from './proposals/proposal.projection';
import { workingGroupProjection } from './working-groups/working-group.projection';

/** Every read model of co-creation, in the order they are applied. `npm run rebuild` uses the same list. */
export const coCreationProjections: Projection[] = [
  planProjection,
  workingGroupProjection,
  proposalProjection,
  consultationProjection,
  commentProjection,
  commitmentProjection,
];
