import type { Projection } from '@cocrea/platform';

export const commitmentProjection: Projection = {
  name: 'commitments',
  apply() {},
};
