import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, RecordedEvent, SqliteEventStore, hashEvent, verifyChain } from '@cocrea/event-store';
import { AppConfig, EVENTS_FILE } from '@cocrea/platform';
import { CheckpointSigner } from '@cocrea/audit';
import { TestApp, ok, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

const ROOT = join(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The offline verifier as an auditor runs it: a separate process that knows nothing of the server. */
const audit = (...args: string[]) =>
  new Promise<Run>((resolve) => {
    execFile(process.execPath, [TSX, 'scripts/audit.ts', ...args], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });

/** Many events fast: appended straight to the app's event file by a second store, 10 events an append. */
const appendNotes = async (app: TestApp, count: number): Promise<void> => {
  const store = new SqliteEventStore({ filename: join(app.dataDir, EVENTS_FILE), synchronous: 'NORMAL' });
  try {
    await Promise.all(
      Array.from({ length: count / 10 }, (_, i) =>
        store.appendToStream(
          `note-${i % 40}`,
          Array.from({ length: 10 }, (_, j) => ({
            type: 'NoteWritten',
            data: { n: i * 10 + j, text: 'consulta pública — «ñandú»', nested: { z: [1, { b: null, a: true }], a: 1.5 } },
            metadata: { actorId: `citizen-${i}`, roles: ['participant'], correlationId: `seed-${i}` },
          })),
        ),
      ),
    );
  } finally {
    await store.close();
  }
};

/** The log positions of `count` plans created one after another. */
const createPlans = async (app: TestApp, count: number): Promise<number[]> => {
  const scenario = new Scenario(app);
  const positions: number[] = [];
  for (let i = 0; i < count; i++) positions.push((await scenario.plan()).position);
  return positions;
};

const writeExport = (app: TestApp, content: string) => {
  const path = join(app.dataDir, 'export.jsonl');
  writeFileSync(path, content);
  return path;
};

const exportOf = async (app: TestApp, query = '') => {
  const response = await fetch(`${app.url}/api/audit/export${query}`, { headers: { authorization: `Bearer ${people.auditor}` } });
  return { response, text: await response.text() };
};

describe('verifying the log: chain, signed checkpoints, export and the offline verifier', () => {
  let app: TestApp;
  let files: string;
  let planPositions: number[];
  const file = (name: string, content: string) => {
    const path = join(files, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    files = mkdtempSync(join(tmpdir(), 'cocrea-audit-files-'));
    planPositions = await createPlans(app, 3);
    await appendNotes(app, 3000);
    planPositions.push(...(await createPlans(app, 3)));
  });
  afterAll(async () => {
    await app.stop();
    rmSync(files, { recursive: true, force: true });
  });

  it('recomputes the chain over thousands of events and reports the head', async () => {
    const events = await app.events();
    expect(events).toHaveLength(3006);
    const { status, body } = await app.get('/api/audit/verify', people.auditor);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, checked: 3006, headPosition: 3006, headHash: events[3005].hash });
    expect(verifyChain(events).lastHash).toBe(body.headHash);
  });

  it('signs the head with Ed25519, verifiable with node:crypto and the served public key', async () => {
    const [checkpoint, key] = await Promise.all([
      app.get('/api/audit/checkpoint', people.auditor),
      app.get('/api/audit/public-key', people.admin),
    ]);
    expect(checkpoint.status).toBe(200);
    const head = (await app.events()).at(-1)!;
    expect(checkpoint.body).toEqual({
      position: head.position,
      hash: head.hash,
      signedPayload: `${head.position}:${head.hash}`,
      signature: expect.any(String),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // The key is introduced in the log before its first checkpoint, and listed with its id from then on.
    const keys = (await app.get('/api/audit/keys')).body;
    expect(keys).toEqual([
      { keyId: checkpoint.body.keyId, publicKey: key.body.publicKey, from: head.position, introducedAt: head.recordedAt },
    ]);
    expect(head.type).toBe('SigningKeyIntroduced');
    expect(key.body.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const signature = Buffer.from(checkpoint.body.signature, 'base64');
    expect(verify(null, Buffer.from(checkpoint.body.signedPayload), key.body.publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from(`${head.position}:${'0'.repeat(64)}`), key.body.publicKey, signature)).toBe(false);
    expect(verify(null, Buffer.from(`${head.position - 1}:${head.hash}`), key.body.publicKey, signature)).toBe(false);
  });

  it('proves that the log grown since extends an earlier checkpoint, and refuses a forged one', async () => {
    const { body: checkpoint } = await app.get('/api/audit/checkpoint', people.auditor);
    await createPlans(app, 2);
    const bare = await app.get(`/api/audit/verify?checkpoint=${checkpoint.position}:${checkpoint.hash}`, people.auditor);
    expect(bare.body).toEqual({
      ok: true,
      checked: checkpoint.position + 2,
      headPosition: checkpoint.position + 2,
      headHash: expect.any(String),
      checkpoint: { position: checkpoint.position, hash: checkpoint.hash, extended: true },
    });
    const asJson = (value: object) => app.get(`/api/audit/verify?checkpoint=${encodeURIComponent(JSON.stringify(value))}`, people.auditor);
    expect((await asJson(checkpoint)).body).toMatchObject({ ok: true, checkpoint: { extended: true, signatureValid: true } });

    const otherHash = (await app.events())[10].hash;
    const changedHash = (await asJson({ ...checkpoint, hash: otherHash })).body;
    expect(changedHash).toMatchObject({ ok: false, checkpoint: { extended: false, signatureValid: false } });
    expect(changedHash.checkpoint.reason).toMatch(`position ${checkpoint.position} has hash ${checkpoint.hash}`);
    // A real position:hash pair of the log, with the signature of another: the log extends it, the signature is forged.
    const realPair = { position: 11, hash: otherHash, signedPayload: `11:${otherHash}` };
    expect((await asJson({ ...checkpoint, ...realPair })).body).toMatchObject({
      ok: false,
      checkpoint: { extended: true, signatureValid: false },
    });
    const mallory = generateKeyPairSync('ed25519').privateKey;
    const signedByMallory = { ...checkpoint, signature: sign(null, Buffer.from(checkpoint.signedPayload), mallory).toString('base64') };
    expect((await asJson(signedByMallory)).body).toMatchObject({ ok: false, checkpoint: { extended: true, signatureValid: false } });
    const ahead = await app.get(`/api/audit/verify?checkpoint=99999:${checkpoint.hash}`, people.auditor);
    expect(ahead.body).toMatchObject({ ok: false, checkpoint: { extended: false, reason: expect.stringMatching(/log ends at position/) } });

    const malformed = await app.get('/api/audit/verify?checkpoint=12:not-a-hash', people.auditor);
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/checkpoint hash must be 64 lowercase hex digits/);
  });

  it('exports the whole log as JSON Lines, streamed, with every field, metadata and hash', async () => {
    const events = await app.events();
    const { response, text } = await exportOf(app);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('x-previous-hash')).toBe(GENESIS_HASH);
    expect(response.headers.get('x-head-position')).toBe(String(events.length));
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(events);
    expect(JSON.parse(lines[planPositions[0] - 1]).metadata).toMatchObject({ actorId: 'mod-1', actorName: 'Marta Moderadora' });

    const tail = await exportOf(app, '?after=2990');
    expect(tail.response.headers.get('x-previous-hash')).toBe(events[2989].hash);
    expect(
      tail.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).position),
    ).toEqual(events.slice(2990).map((e) => e.position));
    expect((await exportOf(app, `?after=${events.length}`)).text).toBe('');
    const bad = await exportOf(app, '?after=-3');
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.text).message).toMatch(/after/);
  });

  describe('offline, without the server', () => {
    let exported: string;
    let intact: string;
    let lines: string[];
    let checkpointFile: string;
    let publicKeyFile: string;
    let checkpoint: { position: number; hash: string; signature: string; signedPayload: string; at: string };
    beforeAll(async () => {
      checkpoint = (await app.get('/api/audit/checkpoint', people.auditor)).body;
      await createPlans(app, 2);
      exported = (await exportOf(app)).text;
      lines = exported.trimEnd().split('\n');
      intact = file('intact.jsonl', exported);
      checkpointFile = file('checkpoint.json', JSON.stringify(checkpoint));
      publicKeyFile = file('public-key.pem', (await app.get('/api/audit/public-key', people.auditor)).body.publicKey);
    });

    const withLines = (name: string, edit: (lines: string[]) => string[]) => file(name, `${edit(lines.slice()).join('\n')}\n`);
    const editEvent = (line: string, change: (event: RecordedEvent) => RecordedEvent) => JSON.stringify(change(JSON.parse(line)));

    it('accepts an intact export and the signed checkpoint it holds', async () => {
      const run = await audit('verify', intact, '--checkpoint', checkpointFile, '--public-key', publicKeyFile);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toBe(
        `intact: ${lines.length} events up to position ${lines.length}, last hash ${JSON.parse(lines.at(-1)!).hash}; ` +
          `signed checkpoint at position ${checkpoint.position} is in the chain\n`,
      );
    });

    it('names the first bad position of an edited field, a dropped line, two swapped lines and a line from another log', async () => {
      const edited = withLines('edited.jsonl', (l) => {
        l[1233] = editEvent(l[1233], (e) => ({ ...e, metadata: { ...e.metadata, actorId: 'someone-else' } }));
        return l;
      });
      const dropped = withLines('dropped.jsonl', (l) => [...l.slice(0, 499), ...l.slice(500)]);
      const swapped = withLines('swapped.jsonl', (l) => [...l.slice(0, 699), l[700], l[699], ...l.slice(701)]);
      // The same position from another log: a different history chained the same way.
      const other = new SqliteEventStore({ filename: ':memory:' });
      for (let i = 0; i < 20; i++) await other.appendToStream(`note-${i}`, [{ type: 'NoteWritten', data: { n: i } }]);
      const foreign = (await other.readAll({ after: 19, maxCount: 1 }))[0];
      await other.close();
      const fromAnotherLog = withLines('foreign.jsonl', (l) => [...l.slice(0, 19), JSON.stringify(foreign), ...l.slice(20)]);
      const addedField = withLines('added.jsonl', (l) => {
        l[42] = JSON.stringify({ ...JSON.parse(l[42]), approvedBy: 'mallory' });
        return l;
      });
      const truncatedLine = withLines('garbled.jsonl', (l) => [...l.slice(0, 99), l[99].slice(0, 40), ...l.slice(100)]);

      const runs = await Promise.all([edited, dropped, swapped, fromAnotherLog, addedField, truncatedLine].map((f) => audit('verify', f)));
      expect(runs.map((run) => run.code)).toEqual([1, 1, 1, 1, 1, 1]);
      const [e, d, s, f, a, t] = runs.map((run) => run.stdout);
      expect(e).toBe('NOT INTACT: first bad position 1234 (line 1234): its hash does not follow from the event before it\n');
      expect(d).toMatch(
        /^NOT INTACT: first bad position 501 \(line 500\): .*positions jump from 499 to 501: an event is missing or out of order/,
      );
      expect(s).toMatch(/^NOT INTACT: first bad position 701 \(line 700\): .*positions jump from 699 to 701/);
      expect(f).toMatch(/^NOT INTACT: first bad position 20 \(line 20\): its hash does not follow/);
      expect(a).toMatch(/^NOT INTACT: first bad position 43 \(line 43, after position 42\): unexpected approvedBy/);
      expect(t).toMatch(/^NOT INTACT: first bad position 100 \(line 100, after position 99\): not valid JSON/);
    });

    it('verifies an export made after a position from the hash before it (--from-hash), and only then', async () => {
      const { response, text } = await exportOf(app, '?after=2500');
      const partial = file('partial.jsonl', text);
      const withoutHash = await audit('verify', partial);
      expect(withoutHash.code).toBe(1);
      expect(withoutHash.stdout).toMatch('first bad position 2501 (line 1): the file starts at position 2501, not 1');
      const withHash = await audit('verify', partial, '--from-hash', response.headers.get('x-previous-hash')!);
      expect(withHash.code).toBe(0);
      expect(withHash.stdout).toMatch(`intact: ${lines.length - 2500} events up to position ${lines.length}`);
      const wrongHash = await audit('verify', partial, '--from-hash', JSON.parse(lines[2498]).hash);
      expect(wrongHash.stdout).toMatch(/^NOT INTACT: first bad position 2501 \(line 1\)/);
      expect(checkpoint.position).toBeGreaterThan(2500);
      const held = await audit(
        'verify',
        partial,
        '--from-hash',
        response.headers.get('x-previous-hash')!,
        '--checkpoint',
        checkpointFile,
        '--public-key',
        publicKeyFile,
      );
      expect(held.code).toBe(0);
      expect(held.stdout).toMatch(`signed checkpoint at position ${checkpoint.position} is in the chain`);
    });

    it('refuses a forged checkpoint, another key, and a checkpoint the export does not hold', async () => {
      const mallory = generateKeyPairSync('ed25519');
      const forgeries = {
        hash: { ...checkpoint, hash: JSON.parse(lines[5]).hash },
        position: { ...checkpoint, position: checkpoint.position - 1 },
        mallory: { ...checkpoint, signature: sign(null, Buffer.from(checkpoint.signedPayload), mallory.privateKey).toString('base64') },
      };
      const runs = await Promise.all(
        Object.entries(forgeries).map(([name, forged]) =>
          audit('verify', intact, '--checkpoint', file(`forged-${name}.json`, JSON.stringify(forged)), '--public-key', publicKeyFile),
        ),
      );
      for (const run of runs) {
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/^NOT INTACT: checkpoint \d+:[0-9a-f]{64} is not signed by the given public key/);
      }
      // Mallory's own key verifies Mallory's signature, but the checkpoint's head is then not in the export.
      const malloryKey = file('mallory.pem', mallory.publicKey.export({ type: 'spki', format: 'pem' }).toString());
      const malloryHead = { position: 7, hash: 'e'.repeat(64) };
      const payload = `${malloryHead.position}:${malloryHead.hash}`;
      const ownCheckpoint = {
        ...malloryHead,
        signedPayload: payload,
        at: checkpoint.at,
        signature: sign(null, Buffer.from(payload), mallory.privateKey).toString('base64'),
      };
      const notHeld = await audit(
        'verify',
        intact,
        '--checkpoint',
        file('mallory-checkpoint.json', JSON.stringify(ownCheckpoint)),
        '--public-key',
        malloryKey,
      );
      expect(notHeld.code).toBe(1);
      expect(notHeld.stdout).toMatch(`NOT INTACT: checkpoint ${payload} is not in this export: the event at position 7 has hash`);
      // A checkpoint of a longer log than the export.
      const later = (await app.get('/api/audit/checkpoint', people.auditor)).body;
      await createPlans(app, 1);
      const latest = (await app.get('/api/audit/checkpoint', people.auditor)).body;
      expect(latest.position).toBeGreaterThan(later.position);
      const beyond = await audit(
        'verify',
        intact,
        '--checkpoint',
        file('latest.json', JSON.stringify(latest)),
        '--public-key',
        publicKeyFile,
      );
      expect(beyond.code).toBe(1);
      expect(beyond.stdout).toMatch(`the log ends at position ${lines.length}, before the checkpoint`);
    });

    it('answers usage errors with exit 2', async () => {
      const runs = await Promise.all([
        audit(),
        audit('verify', join(files, 'missing.jsonl')),
        audit('verify', intact, '--checkpoint', checkpointFile),
        audit(
          'verify',
          intact,
          '--checkpoint',
          file('bare.json', `${checkpoint.position}:${checkpoint.hash}`),
          '--public-key',
          publicKeyFile,
        ),
      ]);
      expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2]);
      expect(runs.map((run) => run.stderr.split('\n')[0])).toEqual([
        'missing command',
        `no export file at ${join(files, 'missing.jsonl')}`,
        '--checkpoint and --public-key go together: a checkpoint proves nothing without the key that signed it',
        `${join(files, 'bare.json')} has no signature: save the JSON of GET /api/audit/checkpoint`,
      ]);
      expect(runs[0].stderr).toMatch(/usage: npm run audit -- verify <export.jsonl>/);
    });
  });

  it('publishes checkpoints and keys to anyone, the log itself to auditors and admins only', async () => {
    for (const path of ['checkpoint', 'keys', 'public-key']) expect((await app.get(`/api/audit/${path}`)).status).toBe(200);
    for (const path of ['verify', 'export']) {
      expect((await app.get(`/api/audit/${path}`)).status).toBe(401);
      expect((await app.get(`/api/audit/${path}`, people.moderator)).status).toBe(403);
      expect((await app.get(`/api/audit/${path}`, people.participant(1))).status).toBe(403);
      expect((await app.get(`/api/audit/${path}`, people.ana)).status).toBe(403);
      expect((await app.get(`/api/audit/${path}`, people.admin)).status).toBe(200);
    }
  });

  it('keeps its key pair across restarts, readable by its owner only', async () => {
    const before = (await app.get('/api/audit/public-key', people.auditor)).body.publicKey;
    const checkpoint = (await app.get('/api/audit/checkpoint', people.auditor)).body;
    expect(statSync(join(app.dataDir, 'audit-key.pem')).mode & 0o777).toBe(0o600);
    await app.restart();
    const after = (await app.get('/api/audit/public-key', people.auditor)).body.publicKey;
    expect(after).toBe(before);
    expect(verify(null, Buffer.from(checkpoint.signedPayload), after, Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
    const verified = await app.get(`/api/audit/verify?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`, people.auditor);
    expect(verified.body).toMatchObject({ ok: true, checkpoint: { extended: true, signatureValid: true } });
  });
});

/** Production supplies its own key (AUDIT_PRIVATE_KEY_FILE): the harness with that one setting added. */
class AppWithKey extends TestApp {
  constructor(
    private readonly keyFile: string,
    dataDir?: string,
  ) {
    super(dataDir);
  }

  override get config(): AppConfig {
    return { ...super.config, auditPrivateKeyFile: this.keyFile };
  }
}

describe('a key that production supplies', () => {
  it('signs the checkpoints, and no key is created in the data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cocrea-audit-key-'));
    const supplied = generateKeyPairSync('ed25519');
    const keyFile = join(dir, 'production.pem');
    writeFileSync(keyFile, supplied.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const app = new AppWithKey(keyFile);
    await app.boot();
    try {
      await createPlans(app, 1);
      expect((await app.get('/api/audit/public-key', people.auditor)).body.publicKey).toBe(
        supplied.publicKey.export({ type: 'spki', format: 'pem' }),
      );
      const { body } = await app.get('/api/audit/checkpoint', people.auditor);
      expect(verify(null, Buffer.from(body.signedPayload), supplied.publicKey, Buffer.from(body.signature, 'base64'))).toBe(true);
      expect(() => statSync(join(app.dataDir, 'audit-key.pem'))).toThrow(/ENOENT/);
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkpoints the server signs by itself', () => {
  it('signs one every N events, and one M minutes after the last when something happened, each in the log', async () => {
    const app = await TestApp.start({ config: { checkpoints: { everyEvents: 5, everyMinutes: 60 } } });
    try {
      await createPlans(app, 12);
      const deadline = Date.now() + 15_000;
      let listed: Array<{ position: number; keyId: string }> = [];
      while (Date.now() < deadline && listed.length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        listed = ok(await app.get('/api/audit/checkpoints'));
        if (listed.length < 2) await createPlans(app, 3);
      }
      expect(listed.length).toBeGreaterThanOrEqual(2);
      expect(listed[1].position - listed[0].position).toBeGreaterThanOrEqual(5);
      const [key] = ok(await app.get('/api/audit/keys'));
      for (const checkpoint of listed) {
        expect(checkpoint.keyId).toBe(key.keyId);
        const verified = await app.get(`/api/audit/verify?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`, people.auditor);
        expect(verified.body).toMatchObject({ ok: true, checkpoint: { extended: true, signatureValid: true } });
      }
      const log = await app.events();
      expect(log.filter((e) => e.type === 'CheckpointSigned').map((e) => e.data)).toEqual(listed);

      // By time: a checkpoint is due an hour after the last, if anything but checkpoints was recorded since.
      const signer = app.app.get(CheckpointSigner);
      const [inAnHour, inTwoHours] = [61, 125].map((minutes) => new Date(Date.now() + minutes * 60_000));
      while (await signer.signIfDue(inAnHour)); // whatever is due by count or by time, signed an hour from now
      expect(await signer.signIfDue(inTwoHours)).toBe(false); // nothing recorded since but the checkpoint itself
      await createPlans(app, 1);
      expect(await signer.signIfDue(new Date())).toBe(false); // one event, not five, and not an hour after
      expect(await signer.signIfDue(inTwoHours)).toBe(true);
    } finally {
      await app.stop();
    }
  });
});

describe('rotating the signing key', () => {
  it('introduces the new key in the log, lists both, and keeps checkpoints of the old one verifying', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cocrea-rotation-'));
    const keyFile = (name: string) => {
      const file = join(dir, name);
      writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      return file;
    };
    const [oldKey, newKey] = [keyFile('2026.pem'), keyFile('2027.pem')];
    const before = new AppWithKey(oldKey);
    await before.boot();
    await createPlans(before, 1);
    const old = (await before.get('/api/audit/checkpoint')).body;
    await before.app.close();
    const after = new AppWithKey(newKey, before.dataDir);
    await after.boot();
    try {
      await createPlans(after, 1);
      const fresh = (await after.get('/api/audit/checkpoint')).body;
      const keys = (await after.get('/api/audit/keys')).body;
      expect(keys.map((k: { keyId: string }) => k.keyId)).toEqual([old.keyId, fresh.keyId]);
      expect(old.keyId).not.toBe(fresh.keyId);
      expect(keys[0].from).toBeLessThanOrEqual(old.position);
      expect(keys[1].from).toBeGreaterThan(old.position);
      expect(keys[1].from).toBeLessThanOrEqual(fresh.position);

      const check = async (checkpoint: object) =>
        (await after.get(`/api/audit/verify?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`, people.auditor)).body;
      expect(await check(old)).toMatchObject({ ok: true, checkpoint: { extended: true, signatureValid: true } });
      expect(await check(fresh)).toMatchObject({ ok: true, checkpoint: { extended: true, signatureValid: true } });
      // A checkpoint naming another key than the one that signed it is not the deployment's.
      expect(await check({ ...old, keyId: fresh.keyId })).toMatchObject({ ok: false, checkpoint: { signatureValid: false } });
      // One signed before checkpoints named their key is checked against every key of the list.
      const { keyId: _, ...unnamed } = old;
      expect(await check(unnamed)).toMatchObject({ ok: true, checkpoint: { signatureValid: true } });
    } finally {
      await after.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tampering with the stored log', () => {
  let app: TestApp;
  let planPositions: number[];
  beforeAll(async () => {
    app = await TestApp.start();
    planPositions = await createPlans(app, 2);
    await appendNotes(app, 1000);
    planPositions.push(...(await createPlans(app, 2)));
  });
  afterAll(() => app.stop());

  const database = () => new Database(join(app.dataDir, EVENTS_FILE));

  it('is invisible to the chain when every later hash is recomputed, and caught by an earlier checkpoint', async () => {
    const { body: checkpoint } = await app.get('/api/audit/checkpoint', people.auditor);
    const events = await app.events();
    const target = planPositions[1];
    const db = database();
    try {
      // Someone with write access rewrites a plan's title and recomputes the chain from there on.
      const update = db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?');
      db.transaction(() => {
        let previous = events[target - 2].hash;
        for (const event of events.slice(target - 1)) {
          const rewritten = event.position === target ? { ...event, data: { ...(event.data as object), title: 'Plan reescrito' } } : event;
          previous = hashEvent(rewritten, previous);
          update.run(JSON.stringify(rewritten.data), previous, event.position);
        }
      })();
    } finally {
      db.close();
    }
    expect((await app.get('/api/audit/verify', people.auditor)).body).toMatchObject({ ok: true, checked: events.length });
    const held = await app.get(`/api/audit/verify?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`, people.auditor);
    expect(held.body).toMatchObject({ ok: false, checkpoint: { position: checkpoint.position, extended: false, signatureValid: true } });
    expect(held.body.checkpoint.reason).toMatch(`the event at position ${checkpoint.position} has hash`);
  });

  it('names the position of an event edited in the database, over HTTP and in an export', async () => {
    const target = planPositions[2];
    const db = database();
    try {
      const changed = db.prepare("UPDATE events SET data = json_set(data, '$.title', 'Plan falso') WHERE position = ?").run(target);
      expect(changed.changes).toBe(1);
    } finally {
      db.close();
    }
    const { status, body } = await app.get('/api/audit/verify', people.admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: false, checked: target - 1, firstBadPosition: target, headPosition: (await app.events()).length });
    const exported = writeExport(app, (await exportOf(app)).text);
    const offline = await audit('verify', exported);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(`first bad position ${target} (line ${target})`);
  });

  it('names the position that follows an event deleted from the database', async () => {
    const db = database();
    try {
      db.prepare('DELETE FROM events WHERE position = ?').run(300);
    } finally {
      db.close();
    }
    const { body } = await app.get('/api/audit/verify', people.auditor);
    expect(body).toMatchObject({ ok: false, checked: 299, firstBadPosition: 301, reason: expect.stringMatching(/jump from 299 to 301/) });
  });
});
