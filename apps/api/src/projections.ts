import { coCreationFeatures, coCreationProjections } from '@cocrea/co-creation';
import { liveFeedProjection } from '@cocrea/live/live-feed.projection';
import type { Catalogue, LiveRooms, Projection } from '@cocrea/platform';
import { auditMessages } from '@cocrea/audit';
import { liveMessages } from '@cocrea/live';

/** The live rooms of every feature, in the registry's order: the live gateway and its feed use the same. */
export const liveRooms: readonly LiveRooms[] = coCreationFeatures.flatMap((feature) => feature.rooms ?? []);

/** Every read model of the app, in the order they apply each event. The app and `npm run rebuild` use this list. */
export const allProjections: Projection[] = [...coCreationProjections, liveFeedProjection(liveRooms)];

/** Spanish for the messages of every feature, of the audit and of the live gateway (the platform adds its own). */
export const allMessages: Catalogue[] = [
  ...coCreationFeatures.flatMap((feature) => (feature.messages ? [feature.messages] : [])),
  auditMessages,
  liveMessages,
];
