import type { Projection } from '@cocrea/platform';
import { coCreationFeatures } from './features';

/** Every read model of co-creation, in the order they are applied. `npm run rebuild` uses the same list. */
export const coCreationProjections: Projection[] = coCreationFeatures.flatMap((feature) => feature.projections);
