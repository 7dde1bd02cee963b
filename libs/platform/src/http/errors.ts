import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { StorageFullError, WrongExpectedRevisionError } from '@cocrea/event-store';
import { DomainError } from '../domain/decider';
import { QueryError } from '../queries/query-error';
import { Text, t } from '../i18n/text';
import { Translator } from '../i18n/translator';
import { ValidationFailed, validationAnswer } from './validation';

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
  forbidden: HttpStatus.FORBIDDEN,
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

/** Says a message in the language of the request being answered. */
export type Say = (message: Text | string) => string;

/** The message an HttpException was made with: a `Text`, a string, or Nest's `{ message, details }`. */
const messageOf = (exception: HttpException, say: Say): { message: string; details?: unknown } => {
  const response = exception.getResponse();
  if (response instanceof Text || typeof response === 'string') return { message: say(response) };
  const body = response as { message?: unknown; details?: unknown };
  const message = Array.isArray(body.message)
    ? body.message.map((part) => say(part as Text | string)).join('; ')
    : body.message instanceof Text
      ? say(body.message)
      : String(body.message ?? exception.message);
  return { message, details: body.details };
};

/** Maps whatever was thrown to the contract's error body, its message said with `say` (English by default). */
export const toErrorBody = (exception: unknown, say: Say = String): ErrorBody => {
  if (exception instanceof DomainError) {
    const status = DOMAIN_STATUS[exception.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
    return { ...errorBody(status, say(exception.text), exception.details), code: exception.code } as ErrorBody;
  }
  if (exception instanceof StorageFullError) {
    return errorBody(
      HttpStatus.INSUFFICIENT_STORAGE,
      say(t`the event log's storage is full: nothing of this request was recorded; retry after ${STORAGE_FULL_RETRY_AFTER_SECONDS} s`),
    );
  }
  if (exception instanceof QueryError) return errorBody(QUERY_STATUS[exception.reason], say(exception.text));
  if (exception instanceof WrongExpectedRevisionError) {
    const { streamId, expected, actual } = exception;
    return errorBody(HttpStatus.CONFLICT, say(t`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`), {
      streamId,
      expected,
      actual,
    });
  }
  if (exception instanceof ValidationFailed) {
    const { message, details } = validationAnswer(exception, say);
    return errorBody(HttpStatus.BAD_REQUEST, message, details);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return errorBody(status, say(TOO_LARGE));
    if (
      status === HttpStatus.NOT_FOUND &&
      (exception as object).constructor === NotFoundException &&
      ROUTE_NOT_FOUND.test(exception.message)
    ) {
      const [, method, path] = ROUTE_NOT_FOUND.exec(exception.message)!;
      return errorBody(status, say(t`Cannot ${method} ${path}`));
    }
    const { message, details } = messageOf(exception, say);
    return errorBody(status, message, details);
  }
  // Errors raised by body-parser carry their HTTP status and a type.
  const parser = exception as { status?: number; type?: string; limit?: number; message?: string };
  if (parser?.type === 'entity.too.large') return errorBody(413, say(TOO_LARGE));
  if (parser?.type === 'entity.parse.failed') return errorBody(400, say(t`request body is not valid JSON: ${parser.message}`));
  if (parser?.type === 'charset.unsupported' || parser?.type === 'encoding.unsupported') {
    return errorBody(415, parser.message ?? say(t`unsupported encoding`));
  }
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return errorBody(parser.status, parser.message ?? say(t`bad request`));
  }
  return errorBody(500, say(t`internal error`));
};

const TOO_LARGE = t`request body is larger than the limit of 1 MB`;
/** Nest's answer to a path no route matches. */
const ROUTE_NOT_FOUND = /^Cannot (\S+) (.+)$/;

/** Answers in the language the request asks for (Accept-Language), saying which in Content-Language. */
export const voiceOf = (translator: Translator, request: { headers: Record<string, string | string[] | undefined> }) => {
  const language = translator.languageOf(request.headers['accept-language']);
  return { language, say: ((message) => translator.say(message, language)) as Say };
};

/** Sends an error body in the request's language. */
export const sendError = (
  translator: Translator,
  request: { headers: Record<string, string | string[] | undefined> },
  response: { setHeader(name: string, value: string): unknown; status(code: number): { json(body: unknown): unknown } },
  exception: unknown,
): ErrorBody => {
  const { language, say } = voiceOf(translator, request);
  const body = toErrorBody(exception, say);
  response.setHeader('Content-Language', language);
  response.setHeader('Vary', 'Accept-Language');
  if (exception instanceof StorageFullError) response.setHeader('Retry-After', String(STORAGE_FULL_RETRY_AFTER_SECONDS));
  response.status(body.statusCode).json(body);
  return body;
};

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly translator: Translator) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const body = sendError(this.translator, http.getRequest(), http.getResponse(), exception);
    if (body.statusCode === 500) this.logger.error((exception as Error)?.stack ?? String(exception));
  }
}
