import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafka, kafkaRunning, startedByThisRun } from './kafka-broker';

export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_KAFKA !== '1' && startedByThisRun() && kafkaRunning()) kafka('stop');
  // The run's build of the web app (test/support/browser.ts).
  rmSync(join(tmpdir(), `cocrea-web-${process.env.COCREA_TEST_RUN}`), { recursive: true, force: true });
}
