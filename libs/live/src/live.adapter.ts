import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '@cocrea/platform';

type IoOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

/**
 * The largest socket.io frame a client may send: above any auth token the handshake still answers with a
 * `connect_error` (tokens are refused past 16 KB), far above any message of the live protocol.
 */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

/** A browser page may open a socket from its own origin or from one of `CORS_ORIGINS`; clients outside browsers send no Origin. */
export const originAllowed = (request: Pick<IncomingMessage, 'headers'>, allowed: readonly string[]): boolean => {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
};

/** socket.io as configured: the frame limit, and which origins may connect (browsers do not apply CORS to websockets). */
export class LiveAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: Pick<AppConfig, 'corsOrigins'>,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoOptions) {
    const origins = this.config.corsOrigins;
    return super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_FRAME_BYTES,
      cors: origins.length > 0 ? { origin: origins } : undefined,
      allowRequest: (request, callback) =>
        originAllowed(request, origins)
          ? callback(null, true)
          : callback(`origin ${request.headers.origin} may not open a socket here`, false),
    } as IoOptions);
  }
}
