/**
 * Prints a signed development token:
 *   npm run token -- --sub u1 --name Ana --roles moderator,member [--hours 12]
 * Signed with the secret the server checks: AUTH_JWT_SECRET, or the one it keeps in DATA_DIR (created by
 * whichever runs first). With an OpenID provider configured, tokens come from the provider instead.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@cocrea/platform/config';
import { ROLES, Role } from '@cocrea/platform/auth/actor';
import { secretIn, signJwt } from '@cocrea/platform/auth/shared-secret';

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
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  fail((error as Error).message);
}
const { identity, dataDir } = config!;
if (identity.kind === 'openid')
  fail(`AUTH_ISSUER is set: tokens come from the identity provider ${identity.issuer}, not from this command`);
const secret = identity.kind === 'secret' && identity.secret ? identity.secret : secretIn(dataDir);

process.stdout.write(`${signJwt({ sub, name: values.name ?? sub, roles }, secret, Math.round(hours * 3600))}\n`);
