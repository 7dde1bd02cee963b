// Cocrea standalone verifier: checks an export of a Cocrea log (GET /api/audit/export or /api/audit/public-export)
// against its hash chain and, optionally, a signed checkpoint. Needs only Node.js 20 or newer:
//   node verifier.mjs export.jsonl [--from-hash <hash>] [--checkpoint checkpoint.json --public-key key.pem]
// Generated from the Cocrea sources by `npm run build:verifier`; the format it checks is in the README.

// scripts/audit.ts
import { createPublicKey } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

// libs/event-store/src/hash-chain.ts
import { createHash } from 'node:crypto';
var GENESIS_HASH = '0'.repeat(64);
var canonicalJson = (value) => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => value[key] !== void 0)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
  return `{${entries.join(',')}}`;
};
var SEALS = '$sealed';
var PATH = /^(data|metadata)(\.[A-Za-z0-9_]+)+$/;
var sealsOf = (event) => event.metadata?.[SEALS];
var valueAt = (event, path) =>
  path
    .split('.')
    .slice(1)
    .reduce(
      (node, key) => (node !== null && typeof node === 'object' ? node[key] : void 0),
      path.startsWith('data.') ? event.data : event.metadata,
    );
var sealDigest = (salt, value) =>
  createHash('sha256')
    .update(Buffer.from(salt, 'hex'))
    .update(canonicalJson(value ?? null))
    .digest('hex');
var withValue = (root, keys, value) => {
  if (keys.length === 0) return value;
  const node = root !== null && typeof root === 'object' && !Array.isArray(root) ? root : {};
  return { ...node, [keys[0]]: withValue(node[keys[0]], keys.slice(1), value) };
};
var SealError = class extends Error {};
var committedContent = (event) => {
  const base = {
    position: event.position,
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
  const seals = sealsOf(event);
  if (seals === void 0) return base;
  const { [SEALS]: _, ...metadata } = event.metadata;
  let parts = { data: event.data, metadata };
  const paths = Object.keys(seals).sort();
  for (const path of paths) {
    if (!PATH.test(path)) throw new SealError(`sealed path ${JSON.stringify(path)} is not data.<key>\u2026 or metadata.<key>\u2026`);
    const seal = seals[path];
    let digest;
    if (seal !== null && typeof seal === 'object' && 'salt' in seal && typeof seal.salt === 'string') {
      digest = sealDigest(seal.salt, valueAt(event, path));
    } else if (seal !== null && typeof seal === 'object' && 'withheld' in seal && typeof seal.withheld === 'string') {
      if (valueAt(event, path) !== null) throw new SealError(`${path} is withheld, so its value must be null`);
      digest = seal.withheld;
    } else {
      throw new SealError(`the seal of ${path} must be { salt } or { withheld }`);
    }
    const [root, ...keys] = path.split('.');
    parts = { ...parts, [root]: withValue(parts[root], keys, digest) };
  }
  return { ...base, ...parts, sealed: paths };
};
var hashEvent = (event, previousHash) =>
  createHash('sha256')
    .update(previousHash)
    .update(canonicalJson(committedContent(event)))
    .digest('hex');
var verifyChain = (events, previousHash = GENESIS_HASH, previousPosition = 0) => {
  let checked = 0;
  let last = previousHash;
  let lastPosition = previousPosition;
  for (const event of events) {
    let hash;
    try {
      hash = hashEvent(event, last);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
    }
    if (event.position <= lastPosition || event.hash !== hash) {
      return { ok: false, checked, firstBadPosition: event.position, lastHash: last };
    }
    last = event.hash;
    lastPosition = event.position;
    checked++;
  }
  return { ok: true, checked, lastHash: last };
};

// libs/audit/src/chain-verification.ts
var GENESIS = { position: 0, hash: GENESIS_HASH };
var linkOf = (event) => ({ position: event.position, hash: event.hash });
var whyBroken = (bad, last) => {
  if (bad.position <= last.position) {
    return `position ${bad.position} comes after position ${last.position}: an event is out of order or repeated`;
  }
  const jump =
    bad.position === last.position + 1
      ? ''
      : `; positions jump from ${last.position} to ${bad.position}: an event is missing or out of order`;
  return `its hash does not follow from the event before it${jump}`;
};
var checkpointAgainst = (checkpoint, event) => {
  if (event.position < checkpoint.position) return void 0;
  if (event.position > checkpoint.position) {
    return { ...checkpoint, extended: false, reason: `the log holds no event at position ${checkpoint.position}` };
  }
  if (event.hash === checkpoint.hash) return { ...checkpoint, extended: true };
  return {
    ...checkpoint,
    extended: false,
    reason: `the event at position ${checkpoint.position} has hash ${event.hash}: the log was rewritten at or before it`,
  };
};
var verifyLog = async (pages, options = {}) => {
  let last = options.from ?? GENESIS;
  let checked = 0;
  let checkpoint = options.checkpoint && checkpointAgainst(options.checkpoint, last);
  const finish = (bad) => {
    if (options.checkpoint && !checkpoint) {
      const reason = bad
        ? `the chain breaks at position ${bad.position}, before the checkpoint`
        : `the log ends at position ${last.position}, before the checkpoint`;
      checkpoint = { ...options.checkpoint, extended: false, reason };
    }
    return {
      ok: !bad && (checkpoint?.extended ?? true),
      checked,
      ...(bad ? { firstBadPosition: bad.position, reason: whyBroken(bad, last) } : {}),
      last,
      ...(checkpoint ? { checkpoint } : {}),
    };
  };
  for await (const page of pages) {
    const result = verifyChain(page, last.hash, last.position);
    const verified = result.ok ? page : page.slice(0, result.checked);
    for (const event of verified) {
      if (options.checkpoint && !checkpoint) checkpoint = checkpointAgainst(options.checkpoint, event);
    }
    checked += result.checked;
    if (verified.length > 0) last = linkOf(verified[verified.length - 1]);
    if (!result.ok) return finish(page[result.checked]);
  }
  return finish();
};

// libs/audit/src/log-export.ts
var EXPORTED_FIELDS = ['id', 'streamId', 'type', 'data', 'metadata', 'revision', 'position', 'recordedAt', 'hash'];
var PAGE_SIZE = 1e3;
var isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
var parseExportLine = (line) => {
  let value;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (!isObject(value)) return 'not a JSON object';
  const missing = EXPORTED_FIELDS.filter((field) => !(field in value));
  const extra = Object.keys(value).filter((key) => !EXPORTED_FIELDS.includes(key));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  if (extra.length > 0) return `unexpected ${extra.join(', ')}`;
  if (!Number.isSafeInteger(value.position) || value.position < 1) return 'position is not a positive integer';
  if (typeof value.hash !== 'string') return 'hash is not a string';
  return value;
};

// libs/audit/src/signed-checkpoint.ts
import { sign, verify } from 'node:crypto';

// libs/platform/src/i18n/text.ts
var Text = class {
  constructor(id, values = [], english) {
    this.id = id;
    this.values = values;
    this.english = english;
  }
  id;
  values;
  english;
  /** In English, the language the code is written in. */
  toString() {
    return this.english ?? fill(this.id, this.values, String);
  }
};
var t = (parts, ...values) =>
  new Text(
    parts.reduce((id, part, index) => (index === 0 ? part : `${id}{${index - 1}}${part}`), ''),
    values,
  );
var PLACEHOLDER = /\{(\d+)\}/g;
var fill = (template, values, say) =>
  template.replace(PLACEHOLDER, (whole, index) => (Number(index) < values.length ? say(values[Number(index)]) : whole));

// libs/audit/src/signed-checkpoint.ts
var CheckpointFormatError = class extends Error {
  constructor(text) {
    super(String(text));
    this.text = text;
  }
  text;
};
var HASH = /^[0-9a-f]{64}$/;
var checkpointPayload = ({ position, hash }) => `${position}:${hash}`;
var checkpointSignatureValid = (checkpoint, publicKey) => {
  if (checkpoint.signature === void 0) return false;
  const signedPayload = checkpoint.signedPayload ?? checkpointPayload(checkpoint);
  if (signedPayload !== checkpointPayload(checkpoint)) return false;
  return verify(null, Buffer.from(signedPayload, 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
};
var link = (position, hash) => {
  const at = typeof position === 'string' && /^\d+$/.test(position) ? Number(position) : position;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) {
    throw new CheckpointFormatError(t`position must be a non-negative integer, got ${JSON.stringify(position)}`);
  }
  if (typeof hash !== 'string' || !HASH.test(hash)) {
    throw new CheckpointFormatError(t`hash must be 64 lowercase hex digits, got ${JSON.stringify(hash)}`);
  }
  return { position: at, hash };
};
var optionalString = (value, name) => {
  if (value === void 0 || typeof value === 'string') return value;
  throw new CheckpointFormatError(t`${name} must be a string`);
};
var parseCheckpoint = (text) => {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    const [position, hash, ...rest] = trimmed.split(':');
    if (rest.length > 0 || hash === void 0) throw new CheckpointFormatError(t`expected "<position>:<hash>" or a checkpoint's JSON`);
    return link(position, hash);
  }
  let parsed;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new CheckpointFormatError(t`is not valid JSON`);
  }
  return {
    ...link(parsed.position, parsed.hash),
    signature: optionalString(parsed.signature, 'signature'),
    signedPayload: optionalString(parsed.signedPayload, 'signedPayload'),
    at: optionalString(parsed.at, 'at'),
    keyId: optionalString(parsed.keyId, 'keyId'),
  };
};

// scripts/audit.ts
var STANDALONE = /\.m?js$/.test(process.argv[1] ?? '');
var USAGE = `usage: ${STANDALONE ? 'node verifier.mjs' : 'npm run audit -- verify'} <export.jsonl> [--from-hash <hash>] [--checkpoint <checkpoint.json> --public-key <key.pem>]`;
var UsageError = class extends Error {};
var usage = (message) => {
  throw new UsageError(message);
};
var readText = (file, what) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return usage(`cannot read the ${what} ${file}: ${error.message}`);
  }
};
var publicKeyFrom = (file) => {
  let key;
  try {
    key = createPublicKey(readText(file, 'public key'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return usage(`${file} is not a PEM public key`);
  }
  return key.asymmetricKeyType === 'ed25519' ? key : usage(`${file} is not an Ed25519 key (${key.asymmetricKeyType})`);
};
var checkpointFrom = (file) => {
  try {
    const checkpoint = parseCheckpoint(readText(file, 'checkpoint'));
    return checkpoint.signature === void 0 ? usage(`${file} has no signature: save the JSON of GET /api/audit/checkpoint`) : checkpoint;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return usage(`${file} is not a checkpoint: ${error.message}`);
  }
};
async function* pagesOf(file, malformed) {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let page = [];
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
var verdict = (result, malformed, options) => {
  const line = result.checked + 1;
  if (result.firstBadPosition !== void 0) {
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
var main = async (args) => {
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
  if (command !== 'verify') usage(command === void 0 ? 'missing command' : `unknown command "${command}"`);
  if (file === void 0 || rest.length > 0) usage('expected exactly one export file');
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) usage(`no export file at ${file}`);
  const fromHash = values['from-hash'];
  if (fromHash !== void 0 && !/^[0-9a-f]{64}$/.test(fromHash)) usage('--from-hash must be 64 lowercase hex digits');
  if ((values.checkpoint === void 0) !== (values['public-key'] === void 0)) {
    usage('--checkpoint and --public-key go together: a checkpoint proves nothing without the key that signed it');
  }
  const publicKey = values['public-key'] === void 0 ? void 0 : publicKeyFrom(values['public-key']);
  const checkpoint = values.checkpoint === void 0 ? void 0 : checkpointFrom(values.checkpoint);
  if (checkpoint && publicKey && !checkpointSignatureValid(checkpoint, publicKey)) {
    process.stdout.write(
      `NOT INTACT: checkpoint ${checkpoint.position}:${checkpoint.hash} is not signed by the given public key (or its position or hash is not what was signed)
`,
    );
    return 1;
  }
  const malformed = {};
  const result = await verifyLog(pagesOf(file, malformed), {
    // The previous position is unknown from a hash alone: any first position after 0 is accepted, the hash decides.
    from: fromHash === void 0 ? GENESIS : { position: 0, hash: fromHash },
    checkpoint,
  });
  const [message, code] = verdict(result, malformed.found, { fromHash });
  process.stdout.write(`${message}
`);
  return code;
};
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const isUsage = error instanceof UsageError || error.code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      isUsage
        ? `${error.message}
${USAGE}
`
        : `audit failed: ${String(error)}
`,
    );
    process.exitCode = isUsage ? 2 : 1;
  },
);
