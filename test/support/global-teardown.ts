import { kafka, kafkaRunning } from './kafka-broker';

export default async function globalTeardown(): Promise<void> {
  const wasRunning = (globalThis as { __kafkaWasRunning?: boolean }).__kafkaWasRunning;
  if (!wasRunning && process.env.KEEP_TEST_KAFKA !== '1' && kafkaRunning()) kafka('stop');
}
