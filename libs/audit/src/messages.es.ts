import type { Catalogue } from '@cocrea/platform/i18n/text';

/** Spanish for the audit's messages. */
export const auditMessages: Catalogue = {
  'stream {0} not found': 'no se encontró el flujo {0}',
  'commitment {0} not found': 'no se encontró el compromiso {0}',
  'read models have not reached position {0} yet; retry shortly':
    'los modelos de lectura aún no han llegado a la posición {0}; reintente en unos instantes',
  'checkpoint {0}': 'punto de control: {0}',
  'position must be a non-negative integer, got {0}': 'position debe ser un entero no negativo, se recibió {0}',
  'hash must be 64 lowercase hex digits, got {0}': 'hash debe tener 64 dígitos hexadecimales en minúscula, se recibió {0}',
  '{0} must be a string': '{0} debe ser un texto',
  'expected "<position>:<hash>" or a checkpoint\'s JSON': 'se esperaba "<position>:<hash>" o el JSON de un punto de control',
  'is not valid JSON': 'no es JSON válido',
};
