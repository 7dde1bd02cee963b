import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the working-groups feature's messages. */
export const workingGroupMessages: Catalogue = {
  'working group': 'el grupo de trabajo',
  'working group {0} not found': 'no se encontró el grupo de trabajo {0}',
  'working group {0} already exists': 'el grupo de trabajo {0} ya existe',
  'plan {0} not found': 'no se encontró el plan {0}',
  'name must not be blank': 'name no debe estar en blanco',
  'theme "{0}" is not one of the plan\'s themes: {1}': 'el tema "{0}" no es uno de los temas del plan: {1}',
  '{0} is not a member of working group {1}': '{0} no es miembro del grupo de trabajo {1}',
  'userId must be 1-200 characters without spaces, "/", "?" or "#"':
    'userId debe tener de 1 a 200 caracteres sin espacios, "/", "?" ni "#"',
  'working-group {0} not found': 'no se encontró el grupo de trabajo {0}',
  'working-group rooms are for the group’s members, moderators and admins':
    'las salas de un grupo de trabajo son para sus miembros, los moderadores y los administradores',
};
