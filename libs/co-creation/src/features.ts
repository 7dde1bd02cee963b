import type { Feature } from '@cocrea/platform';
import { commentsFeature } from './comments';
import { commitmentsFeature } from './commitments';
import { consultationsFeature } from './consultations';
import { meetingsFeature } from './meetings';
import { plansFeature } from './plans';
import { proposalsFeature } from './proposals';
import { workingGroupsFeature } from './working-groups';

/** The features of co-creation, one folder each, in the order their projections apply each event. */
export const coCreationFeatures: readonly Feature[] = [
  plansFeature,
  workingGroupsFeature,
  proposalsFeature,
  consultationsFeature,
  commentsFeature,
  commitmentsFeature,
  meetingsFeature,
];
