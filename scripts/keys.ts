/**
 * Makes the keys every node of a deployment shares, in one folder (existing ones are kept):
 *   npm run keys -- /srv/cocrea-keys
 * audit-key.pem signs audit checkpoints; ballot-key names voters by pseudonym. Both are readable by their owner only.
 */
import { resolve } from 'node:path';
import { AUDIT_KEY_FILE, loadAuditKey } from '../libs/audit/src/audit-key';
import { BALLOT_KEY_FILE, loadBallotKey } from '../libs/co-creation/src/consultations';

const folder = process.argv[2];
if (!folder) {
  process.stderr.write('usage: npm run keys -- <folder>\n');
  process.exit(2);
}
const dataDir = resolve(folder);
loadAuditKey({ dataDir });
loadBallotKey({ dataDir });
process.stdout.write(`AUDIT_PRIVATE_KEY_FILE=${resolve(dataDir, AUDIT_KEY_FILE)}\nBALLOT_KEY_FILE=${resolve(dataDir, BALLOT_KEY_FILE)}\n`);
