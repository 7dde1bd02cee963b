import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config';

/** Nest's own start-up chatter (a line per module and per route): kept for `LOG_LEVEL=debug`. */
const CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestFactory', 'NestApplication']);

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Structured logs with pino: one JSON line per request (its id, method, route, status and time, and the
 * `X-Correlation-Id` the client sent), JSON when the output is a file or a pipe, one readable coloured line
 * per entry in a terminal in development. Request ids come from `X-Request-Id` when a proxy sets one, and are
 * answered in `X-Request-Id`. Authorization headers and cookies are never logged.
 */
export const loggingModule = (config: Pick<AppConfig, 'production' | 'logLevel'>, silent: boolean) =>
  LoggerModule.forRoot({
    pinoHttp: {
      level: silent ? 'silent' : config.logLevel,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (request: IncomingMessage) => {
        const correlation = request.headers['x-correlation-id'];
        return typeof correlation === 'string' && REQUEST_ID.test(correlation) ? { correlationId: correlation } : {};
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (request) => request.url === '/metrics' || (request.url ?? '').startsWith('/health') },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      hooks: {
        logMethod(args, method) {
          const [first] = args as unknown[];
          const context = first !== null && typeof first === 'object' ? (first as { context?: unknown }).context : undefined;
          if (typeof context === 'string' && CHATTER.has(context) && this.level !== 'debug' && this.level !== 'trace') return;
          method.apply(this, args);
        },
      },
      ...(!config.production && process.stdout.isTTY && !silent
        ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
        : {}),
    },
  });
