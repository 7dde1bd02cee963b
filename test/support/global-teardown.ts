import { kafka, kafkaRunning, startedByThisRun } from './kafka-broker';

export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_KAFKA !== '1' && startedByThisRun() && kafkaRunning()) kafka('stop');
}
