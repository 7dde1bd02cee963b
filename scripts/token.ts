/**
 * Prints a signed development token:
 *   npm run token -- --sub u1 --name Ana --roles moderator,member [--hours 12]
 * Signed with AUTH_JWT_SECRET, or the development secret the server also falls back to.
 */
import { parseArgs } from 'node:util';
import { DEVELOPMENT_JWT_SECRET } from '../libs/platform/src/config';
import { ROLES, Role, signJwt } from '../libs/platform/src/auth/jwt';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string', default: 'participant' },
    hours: { type: 'string', default: '12' },
  },
});

const fail = (message: string): never => {
  process.stderr.write(`${message}\nusage: npm run token -- --sub <user id> [--name <name>] [--roles ${ROLES.join(',')}] [--hours 12]\n`);
  process.exit(2);
};

const sub = values.sub ?? fail('--sub is required');
const roles = values.roles
  .split(',')
  .map((r) => r.trim())
  .filter(Boolean);
const unknown = roles.filter((r) => !ROLES.includes(r as Role));
if (unknown.length > 0) fail(`unknown role(s): ${unknown.join(', ')}`);
const hours = Number(values.hours);
if (!(hours > 0)) fail('--hours must be a positive number');
if (!process.env.AUTH_JWT_SECRET) process.stderr.write('AUTH_JWT_SECRET is not set: signing with the development secret\n');

process.stdout.write(
  `${signJwt({ sub, name: values.name ?? sub, roles }, process.env.AUTH_JWT_SECRET || DEVELOPMENT_JWT_SECRET, Math.round(hours * 3600))}\n`,
);
