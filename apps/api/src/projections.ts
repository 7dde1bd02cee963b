import { coCreationFeatures, coCreationProjections } from '@cocrea/co-creation';
import { liveFeedProjection } from '@cocrea/live/live-feed.projection';
import type { LiveRooms, Projection } from '@cocrea/platform';

/** The live rooms of every feature, in the registry's order: the live gateway and its feed use the same. */
export const liveRooms: readonly LiveRooms[] = coCreationFeatures.flatMap((feature) => feature.rooms ?? []);

/** Every read model of the app, in the order they apply each event. The app and `npm run rebuild` use this list. */
export const allProjections: Projection[] = [...coCreationProjections, liveFeedProjection(liveRooms)];
