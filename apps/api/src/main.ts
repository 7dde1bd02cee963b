import { Logger } from '@nestjs/common';
import { loadConfig } from '@cocrea/platform';
import { createApp } from './app';

const bootstrap = async () => {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  new Logger('Cocrea').log(`listening on http://localhost:${config.port} (data in ${config.dataDir}, docs at /api/docs)`);
};

// A start that cannot succeed (configuration, data folder, port) says why in one line and exits 1.
bootstrap().catch((error: unknown) => {
  process.stderr.write(`cocrea: cannot start: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
