import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, ValidationError } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { StorageFullError, WrongExpectedRevisionError } from '@cocrea/event-store';
import { DomainError } from '../domain/decider';
import { QueryError } from '../queries/query-error';

/** The error body of every refused request: `{ statusCode, error, message, details? }`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

/** Domain codes that are not a plain 422 "rule refused". */
const DOMAIN_STATUS: Record<string, number> = {
  'edit-conflict': HttpStatus.CONFLICT,
  'not-found': HttpStatus.NOT_FOUND,
  forbidden: HttpStatus.FORBIDDEN,
};

/** The status of each reason a query goes unanswered. */
const QUERY_STATUS: Record<QueryError['reason'], number> = {
  'not-found': HttpStatus.NOT_FOUND,
  invalid: HttpStatus.BAD_REQUEST,
  behind: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** How long a client is asked to wait before retrying a write refused for a full disk. */
export const STORAGE_FULL_RETRY_AFTER_SECONDS = 30;

export const errorBody = (statusCode: number, message: string, details?: unknown): ErrorBody => ({
  statusCode,
  error: REASONS[statusCode] ?? 'Error',
  message,
  ...(details === undefined ? {} : { details }),
});

/** Maps whatever was thrown to the contract's error body. */
export const toErrorBody = (exception: unknown): ErrorBody => {
  if (exception instanceof DomainError) {
    const status = DOMAIN_STATUS[exception.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
    return { ...errorBody(status, exception.message, exception.details), code: exception.code } as ErrorBody;
  }
  if (exception instanceof StorageFullError) {
    return errorBody(
      HttpStatus.INSUFFICIENT_STORAGE,
      `the event log's storage is full: nothing of this request was recorded; retry after ${STORAGE_FULL_RETRY_AFTER_SECONDS} s`,
    );
  }
  if (exception instanceof QueryError) return errorBody(QUERY_STATUS[exception.reason], exception.message);
  if (exception instanceof WrongExpectedRevisionError) {
    return errorBody(HttpStatus.CONFLICT, exception.message, {
      streamId: exception.streamId,
      expected: exception.expected,
      actual: exception.actual,
    });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return errorBody(status, 'request body is larger than the limit of 1 MB');
    const response = exception.getResponse();
    if (typeof response === 'string') return errorBody(status, response);
    const body = response as { message?: unknown; details?: unknown };
    const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? exception.message);
    return errorBody(status, message, body.details);
  }
  // Errors raised by body-parser carry their HTTP status and a type.
  const parser = exception as { status?: number; type?: string; limit?: number; message?: string };
  if (parser?.type === 'entity.too.large') return errorBody(413, 'request body is larger than the limit of 1 MB');
  if (parser?.type === 'entity.parse.failed') return errorBody(400, `request body is not valid JSON: ${parser.message}`);
  if (parser?.type === 'charset.unsupported' || parser?.type === 'encoding.unsupported') {
    return errorBody(415, parser.message ?? 'unsupported encoding');
  }
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return errorBody(parser.status, parser.message ?? 'bad request');
  }
  return errorBody(500, 'internal error');
};

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.statusCode === 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    const response = host.switchToHttp().getResponse();
    if (exception instanceof StorageFullError) response.setHeader('Retry-After', String(STORAGE_FULL_RETRY_AFTER_SECONDS));
    response.status(body.statusCode).json(body);
  }
}

const describe = (errors: ValidationError[], parent = ''): Array<{ field: string; problems: string[] }> =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...describe(error.children ?? [], field)];
  });

/** At most this many fields are listed in a validation answer; the rest are counted. */
export const MAX_LISTED_FIELDS = 20;

/** Validation failures name each field and what is wrong with it (the first MAX_LISTED_FIELDS of them). */
export const validationExceptionFactory = (errors: ValidationError[]) => {
  const all = describe(errors);
  const details = all.slice(0, MAX_LISTED_FIELDS);
  const listed = details.map((d) => d.problems.map((p) => (p.startsWith(d.field) ? p : `${d.field}: ${p}`)).join('; ')).join('; ');
  const more = all.length - details.length;
  const message = more > 0 ? `${listed}; and ${more} more fields` : listed;
  return new BadRequestException({ message: message || 'invalid input', details });
};
