import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './errors';

/** What Node's HTTP parser refuses before any route runs, answered with the API's error body. */
const PARSER_REFUSALS: Record<string, [status: number, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'request headers are larger than the limit of 16 KB'],
  HPE_REQUEST_TIMEOUT: [408, 'the request was not received in time'],
};

const answer = (socket: Duplex, status: number, message: string, reason: string) => {
  const body = JSON.stringify(errorBody(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};

/**
 * Node answers a request its parser refuses (headers over 16 KB, a malformed request line) with an
 * empty body. This answers it with `{ statusCode, error, message }` like every other refusal.
 */
export const answerClientErrors = (server: Server): void => {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, message] = PARSER_REFUSALS[error.code ?? ''] ?? [400, 'malformed HTTP request'];
    const body = errorBody(status, message);
    answer(socket, status, message, body.error);
  });
};
