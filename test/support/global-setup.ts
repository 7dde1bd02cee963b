import { randomUUID } from 'node:crypto';

/**
 * Names this test run. Tests that need Kafka start the broker themselves (`startKafka()` in a beforeAll);
 * the teardown stops it only if this run started it. Workers inherit the name through the environment.
 */
export default async function globalSetup(): Promise<void> {
  process.env.COCREA_TEST_RUN = randomUUID();
}
