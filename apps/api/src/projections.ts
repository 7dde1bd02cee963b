import { coCreationProjections } from '@cocrea/co-creation';
import { liveFeedProjection } from '@cocrea/live/live-feed.projection';
import type { Projection } from '@cocrea/platform';

/** Every read model of the app, in the order they apply each event. The app and `npm run rebuild` use this list. */
export const allProjections: Projection[] = [...coCreationProjections, liveFeedProjection];
