import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the commitments feature's messages. */
export const commitmentMessages: Catalogue = {
  commitment: 'el compromiso',
  'commitment {0} not found': 'no se encontró el compromiso {0}',
  'only moderators, admins and leads of the working group may follow up this commitment':
    'solo los moderadores, los administradores y los líderes del grupo de trabajo pueden hacer el seguimiento de este compromiso',
  'proposal {0} not found': 'no se encontró la propuesta {0}',
  'proposal {0} was already adopted as commitment {1}': 'la propuesta {0} ya se adoptó como el compromiso {1}',
  'proposal {0} is {1}; only an accepted proposal can be adopted':
    'la propuesta {0} está en estado {1}; solo se puede adoptar una propuesta aceptada',
  'title must not be blank': 'title no debe estar en blanco',
  'note must not be blank': 'note no debe estar en blanco',
  'startDate {0} is not a date': 'startDate {0} no es una fecha',
  'endDate {0} is not a date': 'endDate {0} no es una fecha',
  'endDate {0} is before startDate {1}': 'endDate {0} es anterior a startDate {1}',
  'commitment {0} has no milestone {1}': 'el compromiso {0} no tiene el hito {1}',
  'a progress report needs a note': 'un informe de avance necesita una nota',
  'evidenceUrl must be an http or https URL': 'evidenceUrl debe ser una URL http o https',
  'evidenceUrl must be an http or https URL, got {0}': 'evidenceUrl debe ser una URL http o https, se recibió {0}',
  'commitment {0} already has milestone {1}': 'el compromiso {0} ya tiene el hito {1}',
};
