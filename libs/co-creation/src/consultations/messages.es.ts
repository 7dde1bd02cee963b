import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the consultations feature's messages. */
export const consultationMessages: Catalogue = {
  consultation: 'la consulta',
  'consultation {0} not found': 'no se encontró la consulta {0}',
  'consultation {0} is {1}, votes are taken only while it is open':
    'la consulta {0} está en estado {1}; solo se vota mientras está abierta',
  'proposal {0} is not part of consultation {1}': 'la propuesta {0} no forma parte de la consulta {1}',
  'each participant may vote for at most {0} proposals': 'cada participante puede votar como máximo por {0} propuestas',
  'the rules of this consultation do not allow retracting a vote': 'las reglas de esta consulta no permiten retirar un voto',
  'there is no vote for proposal {0} to retract': 'no hay ningún voto por la propuesta {0} que retirar',
  'plan {0} not found': 'no se encontró el plan {0}',
  'a consultation needs at least one proposal': 'una consulta necesita al menos una propuesta',
  'proposalIds lists {0} more than once': 'proposalIds incluye {0} más de una vez',
  'proposal {0} not found': 'no se encontró la propuesta {0}',
  'proposal {0} belongs to another plan': 'la propuesta {0} pertenece a otro plan',
  'proposal {0} is {1}, only submitted proposals can be consulted on':
    'la propuesta {0} está en estado {1}; solo se consulta sobre propuestas presentadas',
  'rules.maxVotesPerParticipant must be between 1 and the {0} proposals':
    'rules.maxVotesPerParticipant debe estar entre 1 y las {0} propuestas',
  'closesAt must be after opensAt': 'closesAt debe ser posterior a opensAt',
  'closesAt {0} is in the past: the server closes the consultation then':
    'closesAt {0} ya pasó: el servidor cierra la consulta en ese momento',
  'consultation {0} already exists': 'la consulta {0} ya existe',
  'a {0} consultation cannot be {1}': 'una consulta en estado {0} no puede ser {1}',
  opened: 'abierta',
  paused: 'pausada',
  closed: 'cerrada',
  'opened on schedule': 'abierta según el calendario',
  'closed on schedule': 'cerrada según el calendario',
};
