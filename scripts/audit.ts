/**
 * Verifies an export of the log offline, without the server:
 *   npm run audit -- verify <export.jsonl> [--from-hash <hash>] [--checkpoint <checkpoint.json> --public-key <key.pem>]
 * The same program, bundled with no dependency beyond Node's own modules, is the standalone verifier that the
 * server hands out at /api/audit/verifier.mjs (npm run build:verifier writes it):
 *   node verifier.mjs <export.jsonl> [--from-hash <hash>] [--checkpoint <checkpoint.json> --public-key <key.pem>]
 *
 * Exit 0: every line follows from the one before it (and the checkpoint, if given, is signed by the key and in
 * the file). Exit 1: the first line that does not, or the checkpoint that does not verify. Exit 2: usage.
 *
 * An export from position 1 is verified from the genesis hash. An export made with `after=N` starts
 * mid-chain: pass the hash of event N with --from-hash (the server sends it as the X-Previous-Hash header);
 * without it the first line is checked against the genesis hash and fails.
 */
import { KeyObject, createPublicKey } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { RecordedEvent } from '../libs/event-store/src/event-store';
import { GENESIS, LogVerification, verifyLog } from '../libs/audit/src/chain-verification';
import { PAGE_SIZE, parseExportLine } from '../libs/audit/src/log-export';
import { PresentedCheckpoint, checkpointSignatureValid, parseCheckpoint } from '../libs/audit/src/signed-checkpoint';

/** How this program was run: the standalone verifier takes the file first, `npm run audit` the command `verify`. */
const STANDALONE = /\.m?js$/.test(process.argv[1] ?? '');
const USAGE = `usage: ${STANDALONE ? 'node verifier.mjs' : 'npm run audit -- verify'} <export.jsonl> [--from-hash <hash>] [--checkpoint <checkpoint.json> --public-key <key.pem>]`;

class UsageError extends Error {}

const usage = (message: string): never => {
  throw new UsageError(message);
};

const readText = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return usage(`cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
};

const publicKeyFrom = (file: string): KeyObject => {
  let key: KeyObject;
  try {
    key = createPublicKey(readText(file, 'public key'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return usage(`${file} is not a PEM public key`);
  }
  return key.asymmetricKeyType === 'ed25519' ? key : usage(`${file} is not an Ed25519 key (${key.asymmetricKeyType})`);
};

const checkpointFrom = (file: string): PresentedCheckpoint => {
  try {
    const checkpoint = parseCheckpoint(readText(file, 'checkpoint'));
    return checkpoint.signature === undefined ? usage(`${file} has no signature: save the JSON of GET /api/audit/checkpoint`) : checkpoint;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return usage(`${file} is not a checkpoint: ${(error as Error).message}`);
  }
};

interface Malformed {
  line: number;
  reason: string;
}

/** The export's events a page at a time; stops at the first line that is not an event and records it. */
async function* pagesOf(file: string, malformed: { found?: Malformed }): AsyncGenerator<RecordedEvent[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let page: RecordedEvent[] = [];
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const event = parseExportLine(text);
      if (typeof event === 'string') {
        malformed.found = { line, reason: event };
        break;
      }
      page.push(event);
      if (page.length === PAGE_SIZE) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  } finally {
    lines.close();
  }
}

/** The one-line verdict and the exit code. */
const verdict = (result: LogVerification, malformed: Malformed | undefined, options: { fromHash?: string }): [string, number] => {
  const line = result.checked + 1;
  if (result.firstBadPosition !== undefined) {
    const startsLate = result.checked === 0 && !options.fromHash && result.firstBadPosition > 1;
    const after = result.firstBadPosition - 1;
    const reason = startsLate
      ? `the file starts at position ${result.firstBadPosition}, not 1: an export made with after=${after} is verified with --from-hash <hash of event ${after}>`
      : result.reason;
    return [`NOT INTACT: first bad position ${result.firstBadPosition} (line ${line}): ${reason}`, 1];
  }
  if (malformed) {
    const position = result.last.position + 1;
    return [
      `NOT INTACT: first bad position ${position} (line ${malformed.line}, after position ${result.last.position}): ${malformed.reason}`,
      1,
    ];
  }
  if (result.checkpoint && !result.checkpoint.extended) {
    return [
      `NOT INTACT: checkpoint ${result.checkpoint.position}:${result.checkpoint.hash} is not in this export: ${result.checkpoint.reason}`,
      1,
    ];
  }
  const range = result.checked === 0 ? 'no events' : `${result.checked} events up to position ${result.last.position}`;
  const checkpoint = result.checkpoint ? `; signed checkpoint at position ${result.checkpoint.position} is in the chain` : '';
  return [`intact: ${range}, last hash ${result.last.hash}${checkpoint}`, 0];
};

const main = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'from-hash': { type: 'string' },
      checkpoint: { type: 'string' },
      'public-key': { type: 'string' },
    },
  });
  const [command, file, ...rest] = STANDALONE ? ['verify', ...positionals] : positionals;
  if (command !== 'verify') usage(command === undefined ? 'missing command' : `unknown command "${command}"`);
  if (file === undefined || rest.length > 0) usage('expected exactly one export file');
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) usage(`no export file at ${file}`);
  const fromHash = values['from-hash'];
  if (fromHash !== undefined && !/^[0-9a-f]{64}$/.test(fromHash)) usage('--from-hash must be 64 lowercase hex digits');
  if ((values.checkpoint === undefined) !== (values['public-key'] === undefined)) {
    usage('--checkpoint and --public-key go together: a checkpoint proves nothing without the key that signed it');
  }
  const publicKey = values['public-key'] === undefined ? undefined : publicKeyFrom(values['public-key']);
  const checkpoint = values.checkpoint === undefined ? undefined : checkpointFrom(values.checkpoint);

  // The signature first: a forged checkpoint needs no reading of the export to be refused.
  if (checkpoint && publicKey && !checkpointSignatureValid(checkpoint, publicKey)) {
    process.stdout.write(
      `NOT INTACT: checkpoint ${checkpoint.position}:${checkpoint.hash} is not signed by the given public key` +
        ' (or its position or hash is not what was signed)\n',
    );
    return 1;
  }
  const malformed: { found?: Malformed } = {};
  const result = await verifyLog(pagesOf(file, malformed), {
    // The previous position is unknown from a hash alone: any first position after 0 is accepted, the hash decides.
    from: fromHash === undefined ? GENESIS : { position: 0, hash: fromHash },
    checkpoint,
  });
  const [message, code] = verdict(result, malformed.found, { fromHash });
  process.stdout.write(`${message}\n`);
  return code;
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(isUsage ? `${(error as Error).message}\n${USAGE}\n` : `audit failed: ${String(error)}\n`);
    process.exitCode = isUsage ? 2 : 1;
  },
);
