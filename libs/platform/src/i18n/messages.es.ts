import type { Catalogue } from './text';

/**
 * Spanish for the platform's messages: the HTTP edge, sign-in, reads, and the rules class-validator checks
 * (`validation:<rule>`, the property as `{0}`, the rule's arguments after it).
 */
export const platformMessages: Catalogue = {
  // The HTTP edge
  '{0} header must be 1-200 letters, digits or ._:-': 'la cabecera {0} debe tener de 1 a 200 letras, dígitos o ._:-',
  "the event log's storage is full: nothing of this request was recorded; retry after {0} s":
    'el almacenamiento del registro de eventos está lleno: no se registró nada de esta petición; reintente dentro de {0} s',
  'stream {0} is at revision {1}, expected {2}': 'el flujo {0} está en la revisión {1}, se esperaba {2}',
  'Cannot {0} {1}': 'no existe la ruta {0} {1}',
  'request body is not valid JSON: {0}': 'el cuerpo de la petición no es JSON válido: {0}',
  'unsupported encoding': 'codificación no admitida',
  'bad request': 'petición incorrecta',
  'internal error': 'error interno',
  'request body is larger than the limit of 1 MB': 'el cuerpo de la petición supera el límite de 1 MB',
  'request body must be application/json, got {0}': 'el cuerpo de la petición debe ser application/json, se recibió {0}',
  'no content-type': 'ningún content-type',
  'request body is nested deeper than {0} levels': 'el cuerpo de la petición tiene más de {0} niveles de anidamiento',
  '{0} is an array of {1} items; at most {2} are accepted': '{0} es una lista de {1} elementos; se aceptan como máximo {2}',
  '{0} has {1} fields; at most {2} are accepted': '{0} tiene {1} campos; se aceptan como máximo {2}',
  'request body has more than {0} fields and items in all': 'el cuerpo de la petición tiene más de {0} campos y elementos en total',
  '{0} must be a UUID, got "{1}"': '{0} debe ser un UUID, se recibió "{1}"',
  'minPosition must be a non-negative integer': 'minPosition debe ser un entero no negativo',
  'read models have not reached position {0} within {1} ms (at {2})':
    'los modelos de lectura no han llegado a la posición {0} en {1} ms (están en {2})',
  'unknown query parameters {0}; this route accepts {1}': 'parámetros de consulta desconocidos: {0}; esta ruta acepta {1}',
  'unknown query parameters {0}; this route accepts none': 'parámetros de consulta desconocidos: {0}; esta ruta no acepta ninguno',
  'unknown query parameter {0}; this route accepts {1}': 'parámetro de consulta desconocido: {0}; esta ruta acepta {1}',
  'unknown query parameter {0}; this route accepts none': 'parámetro de consulta desconocido: {0}; esta ruta no acepta ninguno',
  'too many writes: at most {0} per {1} s; retry after {2} s':
    'demasiadas escrituras: como máximo {0} cada {1} s; reintente dentro de {2} s',
  '{0} writes by one user': '{0} escrituras de un mismo usuario',
  '{0} writes from one address': '{0} escrituras desde una misma dirección',
  '{0} or {1}': '{0} o {1}',
  // Validation
  '{0}; and {1} more fields': '{0}; y {1} campos más',
  'invalid input': 'entrada no válida',
  'each value in {0}': 'cada valor de {0}',
  'validation:isString': '{0} debe ser un texto',
  'validation:isLength:min': '{0} debe tener al menos {1} caracteres',
  'validation:isLength:max': '{0} debe tener como máximo {1} caracteres',
  'validation:minLength': '{0} debe tener al menos {1} caracteres',
  'validation:maxLength': '{0} debe tener como máximo {1} caracteres',
  'validation:isUuid': '{0} debe ser un UUID',
  'validation:isInt': '{0} debe ser un número entero',
  'validation:isNumber': '{0} debe ser un número',
  'validation:isBoolean': '{0} debe ser verdadero o falso',
  'validation:min': '{0} no debe ser menor que {1}',
  'validation:max': '{0} no debe ser mayor que {1}',
  'validation:isIn': '{0} debe ser uno de estos valores: {1}',
  'validation:matches': '{0} debe cumplir la expresión regular {1}',
  'validation:isObject': '{0} debe ser un objeto',
  'validation:isArray': '{0} debe ser una lista',
  'validation:arrayMinSize': '{0} debe contener al menos {1} elementos',
  'validation:arrayMaxSize': '{0} debe contener como máximo {1} elementos',
  'validation:isDefined': '{0} es obligatorio',
  'validation:isNotEmpty': '{0} no debe estar vacío',
  'validation:isUrl': '{0} debe ser una URL',
  'validation:isIso8601': '{0} debe ser una fecha ISO 8601',
  'validation:arrayUnique': 'los elementos de {0} deben ser únicos',
  'validation:whitelistValidation': 'la propiedad {0} no está permitida',
  'validation:nestedValidation': '{0} debe ser un objeto o una lista',
  'validation:isInstant': '{0} debe ser una fecha ISO-8601, o una fecha y hora con zona horaria, p. ej. 2027-05-01T12:00:00Z',
  'validation:isAsOf':
    'asOf debe ser una posición del registro (un número entero) o una hora ISO-8601 con zona horaria, p. ej. 2017-05-01T12:00:00Z',
  // Reads
  'asOf must be a log position (a whole number) or an ISO-8601 time with a time zone, e.g. 2017-05-01T12:00:00Z':
    'asOf debe ser una posición del registro (un número entero) o una hora ISO-8601 con zona horaria, p. ej. 2017-05-01T12:00:00Z',
  '{0} {1} did not exist at position {2}': '{0} {1} no existía en la posición {2}',
  'read models have not reached position {0} yet; retry': 'los modelos de lectura aún no han llegado a la posición {0}; reintente',
  '{0} {1} not found': 'no se encontró {0} {1}',
  'read models stopped at position {0}: see the server log':
    'los modelos de lectura se detuvieron en la posición {0}: vea el registro del servidor',
  // Sign-in
  'name must contain a letter or a digit': 'name debe contener una letra o un dígito',
  'missing bearer token in the Authorization header': 'falta el token bearer en la cabecera Authorization',
  'requires one of the roles: {0}': 'requiere uno de los roles: {0}',
  'token is longer than {0} characters': 'el token tiene más de {0} caracteres',
  'token is not a JWT (three base64url parts separated by dots)': 'el token no es un JWT (tres partes base64url separadas por puntos)',
  'token is not a JWT (a part is not canonical base64url)': 'el token no es un JWT (una parte no es base64url canónico)',
  'token has no sub claim': 'el token no tiene el claim sub',
  'token has expired': 'el token ha caducado',
  'token has no {0} claim': 'el token no tiene el claim {0}',
  "token's {0} claim is not acceptable ({1})": 'el claim {0} del token no es aceptable ({1})',
  'token must be signed with {0}': 'el token debe estar firmado con {0}',
  'token signature is invalid': 'la firma del token no es válida',
  'token is signed with a key the identity provider does not publish':
    'el token está firmado con una clave que el proveedor de identidad no publica',
  "the identity provider's keys could not be read: {0}": 'no se pudieron leer las claves del proveedor de identidad: {0}',
  'token is not valid: {0}': 'el token no es válido: {0}',
  'the identity provider could not be reached: {0}': 'no se pudo contactar con el proveedor de identidad: {0}',
  "the identity provider's discovery document {0} could not be read: {1}":
    'no se pudo leer el documento de descubrimiento {0} del proveedor de identidad: {1}',
  "the identity provider's discovery document {0} answered {1}":
    'el documento de descubrimiento {0} del proveedor de identidad respondió {1}',
  'the discovery document {0} names the issuer {1}, not AUTH_ISSUER {2}':
    'el documento de descubrimiento {0} nombra al emisor {1}, no a AUTH_ISSUER {2}',
  'the discovery document {0} has no jwks_uri': 'el documento de descubrimiento {0} no tiene jwks_uri',
};
