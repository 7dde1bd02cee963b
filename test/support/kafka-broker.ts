import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The broker tests use: its own ports and data folder, so it never meets a developer's Kafka. */
export const TEST_KAFKA = {
  port: Number(process.env.TEST_KAFKA_PORT ?? 19092),
  controllerPort: Number(process.env.TEST_KAFKA_CONTROLLER_PORT ?? 19093),
  dataDir: process.env.TEST_KAFKA_DATA_DIR ?? '/tmp/cocrea-kafka-test',
};
export const TEST_KAFKA_BROKERS = [`127.0.0.1:${TEST_KAFKA.port}`];

const script = join(__dirname, '../../infra/kafka/kafka.sh');

/** Runs infra/kafka/kafka.sh for the test broker: start (idempotent), stop or status. */
export const kafka = (command: 'start' | 'stop' | 'status'): string =>
  execFileSync('bash', [script, command], {
    env: {
      ...process.env,
      KAFKA_PORT: String(TEST_KAFKA.port),
      KAFKA_CONTROLLER_PORT: String(TEST_KAFKA.controllerPort),
      KAFKA_DATA_DIR: TEST_KAFKA.dataDir,
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 240_000,
  });

export const kafkaRunning = (): boolean => {
  try {
    kafka('status');
    return true;
  } catch {
    return false;
  }
};

const ownerFile = () => join(TEST_KAFKA.dataDir, 'started-by-test-run');

/**
 * Starts the test broker unless it runs already (the first time, its jars come from Maven Central), and
 * records which test run started it: only that run's teardown stops it, so concurrent runs do not collide.
 */
export const startKafka = (): void => {
  if (kafkaRunning()) return;
  kafka('start');
  writeFileSync(ownerFile(), process.env.COCREA_TEST_RUN ?? 'unknown');
};

export const startedByThisRun = (): boolean =>
  existsSync(ownerFile()) && readFileSync(ownerFile(), 'utf8') === (process.env.COCREA_TEST_RUN ?? 'unknown');
