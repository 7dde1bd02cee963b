import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

interface PageRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}
interface PageResponse {
  setHeader(name: string, value: string): unknown;
  sendFile(path: string): void;
}

/** Paths the server answers itself; every other page a browser asks for is the web app's. */
const SERVER_PATHS = /^\/(api|live|socket\.io|health|metrics)(\/|$)/;

/**
 * Serves the built web app (`npm start` builds it into `webDir`): its hashed assets for a year, and its page
 * for any other path a browser navigates to (`Accept: text/html`), so that `/proposals/<id>` can be reloaded.
 * Clients that do not ask for HTML (curl, fetch) get the API's own answers, `GET /` included. Returns whether
 * there was a web app to serve.
 */
export const serveWebApp = (app: NestExpressApplication, webDir: string): boolean => {
  const page = join(webDir, 'index.html');
  if (!existsSync(page)) return false;
  app.useStaticAssets(join(webDir, 'assets'), { prefix: '/assets/', index: false, immutable: true, maxAge: '365d', fallthrough: false });
  app.useStaticAssets(webDir, { index: false, maxAge: '1h' });
  app.use((request: PageRequest, response: PageResponse, next: () => void) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || SERVER_PATHS.test(request.path)) return next();
    if (!String(request.headers.accept ?? '').includes('text/html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(page);
  });
  return true;
};
