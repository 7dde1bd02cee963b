import type { Projection } from '@cocrea/platform';

export const workingGroupProjection: Projection = {
  name: 'working-groups',
  apply() {},
};
