import { kafkaRunning } from './kafka-broker';

/**
 * Notes whether the test broker was already running. Tests that need Kafka start it themselves
 * (`startKafka()` in their beforeAll); the teardown stops it only if this run started it.
 */
export default async function globalSetup(): Promise<void> {
  (globalThis as { __kafkaWasRunning?: boolean }).__kafkaWasRunning = kafkaRunning();
}
