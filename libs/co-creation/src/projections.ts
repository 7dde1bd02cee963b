import type { Projection } from '@cocrea/platform';
import { planProjection } from './plans/plan.projection';

/** Every read model of co-creation, in the order they are applied. `npm run rebuild` uses the same list. */
export const coCreationProjections: Projection[] = [planProjection];
