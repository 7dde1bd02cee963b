import type { Projection } from '@cocrea/platform';

export const consultationProjection: Projection = {
  name: 'consultations',
  apply() {},
};
