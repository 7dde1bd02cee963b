/**
 * Rebuilds every read model from the event log:  npm run rebuild   (stop the server first)
 * The new read models are built in a fresh file and then replace the old one, so an interrupted
 * rebuild leaves the previous read models untouched.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { SqliteEventStore } from '../libs/event-store/src';
import { EVENTS_FILE, READ_MODELS_FILE } from '../libs/platform/src/platform.module';
import { dataFile, loadConfig } from '../libs/platform/src/config';
import { ProjectionRunner } from '../libs/platform/src/projections/projection-runner';
import { ReadModelDatabase } from '../libs/platform/src/projections/read-models';
import { allProjections } from '../apps/api/src/projections';

const main = async () => {
  const config = loadConfig();
  const eventsFile = dataFile(config, EVENTS_FILE);
  if (!existsSync(eventsFile)) throw new Error(`no event log at ${eventsFile} (set DATA_DIR)`);
  const target = dataFile(config, READ_MODELS_FILE);
  const scratch = `${target}.rebuild`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(scratch + suffix, { force: true });

  const store = new SqliteEventStore({ filename: eventsFile });
  const readModels = new ReadModelDatabase(scratch);
  const runner = new ProjectionRunner(store, readModels);
  allProjections.forEach((projection) => runner.register(projection));
  const started = process.hrtime.bigint();
  const count = await runner.rebuild();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  readModels.close();
  await store.close();

  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  renameSync(scratch, target);
  process.stdout.write(
    `rebuilt ${allProjections.length} read models from ${count} events in ${seconds.toFixed(2)} s` +
      ` (${Math.round(count / Math.max(seconds, 1e-9))} events/s) into ${target}\n`,
  );
};

main().catch((error) => {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
