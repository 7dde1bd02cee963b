import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the proposals feature's messages. */
export const proposalMessages: Catalogue = {
  proposal: 'la propuesta',
  'only members of working group {0}, moderators and admins may {1} its proposals':
    'solo los miembros del grupo de trabajo {0}, los moderadores y los administradores pueden {1} sus propuestas',
  'cannot {0} a proposal that is {1}; it must be {2}': 'no se puede {0} una propuesta en estado {1}; debe estar en {2}',
  edit: 'editar',
  draft: 'redactar',
  submit: 'presentar',
  withdraw: 'retirar',
  accept: 'aceptar',
  reject: 'rechazar',
  'proposal {0} not found': 'no se encontró la propuesta {0}',
  "expectedRevision {0} is ahead of the proposal's revision {1}": 'expectedRevision {0} es posterior a la revisión {1} de la propuesta',
  'title must not be blank': 'title no debe estar en blanco',
  'section {0} must not be blank': 'la sección {0} no debe estar en blanco',
  '{0} changed after revision {1}; merge with the current text and retry':
    '{0} cambió después de la revisión {1}; combine sus cambios con el texto actual y reintente',
  'proposal {0} already exists': 'la propuesta {0} ya existe',
  'working group {0} not found': 'no se encontró el grupo de trabajo {0}',
  'working group {0} belongs to plan {1}, not {2}': 'el grupo de trabajo {0} pertenece al plan {1}, no al {2}',
  "to must be at most {0}, the proposal's current revision": 'to debe ser como máximo {0}, la revisión actual de la propuesta',
  'from must be at most to ({0})': 'from debe ser como máximo to ({0})',
  'changes must name at least one of: {0}': 'changes debe nombrar al menos uno de: {0}',
};
