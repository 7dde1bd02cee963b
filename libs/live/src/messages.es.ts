import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the live gateway's messages (the code before the colon of a refusal stays as it is). */
export const liveMessages: Catalogue = {
  'missing token in auth.token': 'falta el token en auth.token',
  'token is longer than {0} characters': 'el token tiene más de {0} caracteres',
  'at most {0} sockets per user': 'como máximo {0} conexiones por usuario',
  'invalid token': 'token no válido',
  'at most {0} messages a second; retry in {1} ms': 'como máximo {0} mensajes por segundo; reintente dentro de {1} ms',
  'room must be one of {0}': 'room debe ser una de {0}',
  'after must be a non-negative integer position': 'after debe ser una posición entera no negativa',
  'at most {0} rooms per connection': 'como máximo {0} salas por conexión',
  disconnected: 'desconectado',
  'not subscribed to that room': 'no está suscrito a esa sala',
  'subscribe to the room first': 'suscríbase primero a la sala',
  'editing must be a section name of at most {0} characters': 'editing debe ser el nombre de una sección de como máximo {0} caracteres',
  '{0} {1} not found': 'no se encontró {0} {1}',
  'this server has not reached position {0} yet (it is at {1}); retry':
    'este servidor aún no ha llegado a la posición {0} (está en {1}); reintente',
  'more than {0} events arrived while catching up': 'llegaron más de {0} eventos mientras se ponía al día',
  'more than {0} messages waiting for a slow connection': 'más de {0} mensajes esperando a una conexión lenta',
  'the client did not read its {0} waiting messages in time': 'el cliente no leyó a tiempo sus {0} mensajes pendientes',
  'subscribe again with after = the last position you received': 'suscríbase de nuevo con after = la última posición que recibió',
};
