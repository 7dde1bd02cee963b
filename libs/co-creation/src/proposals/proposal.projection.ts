import type { Projection } from '@cocrea/platform';

export const proposalProjection: Projection = {
  name: 'proposals',
  apply() {},
};
