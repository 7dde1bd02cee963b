import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the comments feature's messages. */
export const commentMessages: Catalogue = {
  comment: 'el comentario',
  proposal: 'la propuesta',
  commitment: 'el compromiso',
  consultation: 'la consulta',
  'a moderation decision needs a reason': 'una decisión de moderación necesita un motivo',
  'reason must be at most {0} characters': 'reason debe tener como máximo {0} caracteres',
  'reason must not be blank': 'reason no debe estar en blanco',
  'comment {0} already exists': 'el comentario {0} ya existe',
  '{0} {1} not found': 'no se encontró {0} {1}',
  'body must not be blank': 'body no debe estar en blanco',
  'body must be at most {0} characters': 'body debe tener como máximo {0} caracteres',
  'parent comment {0} not found': 'no se encontró el comentario padre {0}',
  'parent comment {0} is on another {1}, not on this {2}': 'el comentario padre {0} es de otro objeto ({1}), no de este ({2})',
  'comment {0} not found': 'no se encontró el comentario {0}',
  'comment {0} is already hidden': 'el comentario {0} ya está oculto',
  'comment {0} is not hidden': 'el comentario {0} no está oculto',
};
