import type { Projection } from '@cocrea/platform';

export const commentProjection: Projection = {
  name: 'comments',
  apply() {},
};
