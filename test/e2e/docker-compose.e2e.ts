import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ROOT } from '../support/node-process';

type Service = {
  image?: string;
  profiles?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  environment?: Record<string, string>;
  volumes?: string[];
};

/**
 * docker-compose.yml is for users with Docker; Docker does not run on every machine the suite runs on. Its
 * structure is checked here always, and `docker compose config` checks the whole file where that command exists.
 */
describe('docker-compose.yml', () => {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const compose = load(text) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const composeCommand = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const hasCompose = composeCommand.status === 0;

  (hasCompose ? it : it.skip)(
    `is valid for docker compose config${hasCompose ? '' : ' (skipped: no docker compose on this machine)'}`,
    () => {
      const config = spawnSync('docker', ['compose', 'config', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
      expect({ status: config.status, stderr: config.stderr }).toEqual({ status: 0, stderr: '' });
    },
  );

  it('gives every node the deployment’s keys and secret, made once, and the Node LTS of .nvmrc', () => {
    const nodes = ['api-a', 'api-b'].map((name) => compose.services[name]);
    for (const node of nodes) {
      expect(node.depends_on?.keys).toEqual({ condition: 'service_completed_successfully' });
      expect(node.volumes).toContain('keys:/keys:ro');
      expect(node.environment).toMatchObject({
        AUDIT_PRIVATE_KEY_FILE: '/keys/audit-key.pem',
        BALLOT_KEY_FILE: '/keys/ballot-key',
        AUTH_JWT_SECRET_FILE: expect.stringContaining('/keys/auth-secret'),
      });
      // EventStoreDB only when its profile is chosen: the nodes do not wait for it otherwise.
      expect(node.depends_on?.eventstoredb).toMatchObject({ required: false });
    }
    const keys = JSON.stringify(compose.services.keys);
    for (const file of ['/keys/audit-key.pem', '/keys/ballot-key', '/keys/auth-secret']) expect(keys).toContain(file);
    // The images run the major of the Node that .nvmrc pins (the one .ci/run also runs the suite on).
    const lts = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim().replace(/^v/, '').split('.')[0];
    expect(compose.services.keys.image).toBe(`node:${lts}-bookworm-slim`);
    const images = readFileSync(join(ROOT, 'infra/docker/api.Dockerfile'), 'utf8').match(/^FROM \S+/gm);
    expect(images).toEqual([`FROM node:${lts}-bookworm`, `FROM node:${lts}-bookworm-slim`]);
    expect(compose.services.eventstoredb.profiles).toEqual(['eventstoredb']);
  });

  it('keeps Kafka’s log where its volume is, and sends no node_modules or data into the build', () => {
    const kafka = compose.services.kafka;
    const mount = kafka.volumes?.find((volume) => volume.startsWith('kafka-data:'))?.split(':')[1];
    expect(kafka.environment?.KAFKA_LOG_DIRS).toBe(mount);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});
