import type { Type } from '@nestjs/common';
import type { Catalogue } from './i18n/text';
import type { LiveRooms } from './live/rooms';
import type { Projection } from './projections/projection';

/**
 * What a feature folder contributes to the app: its Nest module (controllers, providers), the read models
 * it projects and its live rooms. The app and `npm run rebuild` take every feature from one registry, so
 * adding a feature is its folder plus one line there.
 */
export interface Feature {
  readonly name: string;
  readonly module: Type<unknown>;
  /** Applied in this order, after the projections of the features before it in the registry. */
  readonly projections: readonly Projection[];
  /** Where the events of its streams go live, and who may join its rooms; none: they are never broadcast. */
  readonly rooms?: LiveRooms;
  /** Spanish for the messages it writes (its refusals, its not-founds); English is the code's own. */
  readonly messages?: Catalogue;
}
