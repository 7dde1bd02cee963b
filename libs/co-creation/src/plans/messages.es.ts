import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the plans feature's messages. */
export const planMessages: Catalogue = {
  plan: 'el plan',
  'plan {0} already exists': 'el plan {0} ya existe',
  'periodEnd must not be before periodStart': 'periodEnd no debe ser anterior a periodStart',
  'plan {0} not found': 'no se encontró el plan {0}',
  'a plan in phase {0} can only move to {1}': 'un plan en la fase {0} solo puede pasar a {1}',
  'no other phase': 'ninguna otra fase',
};
