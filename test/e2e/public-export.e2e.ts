import { generateKeyPairSync, sign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp, ok, people } from '../support/app-harness';
import { ROOT } from '../support/node-process';

const VERIFIER = join(ROOT, 'libs/audit/verifier/verifier.mjs');
import { Scenario } from '../support/scenario';

/**
 * The public record as a file anyone may hold: the public export withholds what names people and what moderators
 * hid, and still verifies against the same chain and checkpoints; the standalone verifier the server hands out
 * checks it with plain `node`, outside this repository, with the verdicts of `npm run audit -- verify`.
 */
describe('the public export and the standalone verifier', () => {
  let app: TestApp;
  const outside = mkdtempSync(join(tmpdir(), 'cocrea-citizen-'));
  const file = (name: string, text: string) => {
    const path = join(outside, name);
    writeFileSync(path, text);
    return path;
  };
  let lines: { full: string[]; public: string[] };
  let checkpoint: string;
  let key: string;
  const texts = {
    hidden: 'Mi cédula es 1.234.567 y vivo en la calle 5',
    restored: 'Comentario restaurado tras revisión',
    rejectedQuestion: 'Mi vecino Pedro Gómez roba contratos',
    pendingQuestion: 'Pregunta que nadie ha moderado todavía',
    approvedQuestion: '¿Quién publica los contratos municipales?',
    walkIn: 'Luz Pérez Asistente',
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const scenario = new Scenario(app);
    const plan = await scenario.plan();
    const group = await scenario.workingGroup(plan, { members: { ana: 'member' } });
    const proposal = await scenario.proposal(group, { by: people.ana, submitted: true, title: 'Datos abiertos de contratación' });
    const hidden = await scenario.comment('proposal', proposal, texts.hidden, { by: people.participant('ciudadana') });
    await scenario.hide(hidden, 'datos personales');
    const restored = await scenario.comment('proposal', proposal, texts.restored, { by: people.participant('vecino') });
    await scenario.hide(restored, 'en revisión');
    ok(await app.post(`/api/comments/${restored.id}/restore`, people.moderator, { reason: 'no infringe las reglas' }));
    const consultation = await scenario.consultation(plan, [proposal], { open: true });
    await scenario.vote(consultation, proposal, people.participant('votante'));
    // A work table: a walk-in checked in by the moderator, a participant checked in, a secret poll vote, a rejected question.
    const meeting = await scenario.meeting(plan);
    ok(await app.post(`/api/meetings/${meeting.id}/start`, people.moderator));
    const attend = (token: string, body: object) => app.post(`/api/meetings/${meeting.id}/attendance`, token, body);
    ok(await attend(people.moderator, { name: texts.walkIn, organisation: 'Junta de Acción Comunal', sector: 'citizen' }));
    ok(await attend(people.participant('asistente'), { organisation: 'Uniandes', sector: 'academia' }));
    const poll = ok(await app.post(`/api/meetings/${meeting.id}/polls`, people.moderator, { form: 'statement', question: 'Basta' }), 201);
    ok(await app.put(`/api/meetings/${meeting.id}/polls/${poll.id}/vote`, people.participant('votante'), { choices: ['agree'] }));
    const asked = ok(
      await app.post(`/api/meetings/${meeting.id}/questions`, people.participant('preguntona'), { text: texts.rejectedQuestion }),
      201,
    );
    ok(await app.post(`/api/meetings/${meeting.id}/questions/${asked.id}/reject`, people.moderator, { reason: 'acusación sin pruebas' }));
    ok(await app.post(`/api/meetings/${meeting.id}/questions`, people.participant('paciente'), { text: texts.pendingQuestion }), 201);
    const good = ok(
      await app.post(`/api/meetings/${meeting.id}/questions`, people.participant('curiosa'), { text: texts.approvedQuestion }),
      201,
    );
    ok(await app.post(`/api/meetings/${meeting.id}/questions/${good.id}/approve`, people.moderator, {}));
    checkpoint = file('checkpoint.json', JSON.stringify(ok(await app.get('/api/audit/checkpoint'))));
    key = file('key.pem', ok(await app.get('/api/audit/public-key')).publicKey);
    const download = (path: string, token?: string) =>
      fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then((r) => r.text());
    const full = await download('/api/audit/export', people.auditor);
    const open = await download('/api/audit/public-export');
    lines = { full: full.trimEnd().split('\n'), public: open.trimEnd().split('\n') };
    file('full.jsonl', full);
    file('public.jsonl', open);
    file('verifier.mjs', await download('/api/audit/verifier.mjs'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(outside, { recursive: true, force: true });
  });

  /** The standalone verifier, run by plain node from a folder outside the repository; and `npm run audit -- verify`. */
  const verdicts = (exportFile: string, withCheckpoint = true, checkpointFile = checkpoint) => {
    const options = withCheckpoint ? ['--checkpoint', checkpointFile, '--public-key', key] : [];
    const standalone = spawnSync(process.execPath, [join(outside, 'verifier.mjs'), exportFile, ...options], {
      cwd: outside,
      encoding: 'utf8',
    });
    const repo = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/audit.ts', 'verify', exportFile, ...options], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: standalone.status, stdout: standalone.stdout }).toEqual({ status: repo.status, stdout: repo.stdout });
    return { status: standalone.status, verdict: standalone.stdout.trim() };
  };

  it('withholds people who are not moderators, and what is hidden now; keeps the rest, officials included', () => {
    const open = lines.public.join('\n');
    const absents = ['Ana (sociedad civil)', 'citizen-ciudadana', 'Citizen ciudadana', 'citizen-votante', texts.hidden];
    const meetingAbsents = [
      texts.walkIn,
      'Citizen asistente',
      'citizen-asistente',
      'citizen-preguntona',
      texts.rejectedQuestion,
      texts.pendingQuestion,
    ];
    for (const absent of [...absents, ...meetingAbsents]) {
      expect(open.includes(absent) ? `${absent} is in the public export` : 'absent').toBe('absent');
    }
    for (const present of [
      'Marta Moderadora',
      texts.restored,
      'Datos abiertos de contratación',
      'datos personales',
      'acusación sin pruebas',
      'Junta de Acción Comunal',
      texts.approvedQuestion,
    ]) {
      expect(open).toContain(present);
    }
    // The auditor's export holds everything, and the same events at the same positions with the same hashes.
    const full = lines.full.join('\n');
    for (const present of ['Ana (sociedad civil)', 'citizen-ciudadana', texts.hidden, texts.walkIn, texts.rejectedQuestion])
      expect(full).toContain(present);
    expect(lines.public.map((line) => JSON.parse(line).hash)).toEqual(lines.full.map((line) => JSON.parse(line).hash));
    const publicEvents = lines.public.map((line) => JSON.parse(line));
    // Ana drafted as a member, not as a moderator: who drafted is withheld (that she is a member of the group,
    // decided by a moderator, is on the record).
    const drafted = publicEvents.find((event) => event.type === 'ProposalDrafted');
    expect(drafted.metadata).toMatchObject({ actorId: null, actorName: null, roles: ['member'] });
    expect(publicEvents.find((event) => event.type === 'MemberAdded').metadata.actorName).toBe('Marta Moderadora');
    const posted = publicEvents.find((event) => event.type === 'CommentPosted');
    expect(posted.data).toMatchObject({ body: null, authorId: null, authorName: null });
    expect(posted.metadata.$sealed['data.body']).toEqual({ withheld: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('verifies the public and the full export with plain node, against the same signed checkpoint', () => {
    const head = JSON.parse(lines.full.at(-1)!);
    for (const name of ['public.jsonl', 'full.jsonl']) {
      expect(verdicts(join(outside, name))).toEqual({
        status: 0,
        verdict: `intact: ${lines.full.length} events up to position ${head.position}, last hash ${head.hash}; signed checkpoint at position ${head.position} is in the chain`,
      });
    }
  });

  it('finds every kind of tampering, with the same verdict as npm run audit', () => {
    const events = lines.public.map((line) => JSON.parse(line));
    const withheldAt = events.flatMap((event, i) =>
      Object.values(event.metadata.$sealed ?? {}).some((seal) => 'withheld' in (seal as object)) ? [i] : [],
    );
    const title = events.findIndex((event) => event.type === 'ProposalDrafted');
    const edit = (change: (events: any[]) => void) => {
      const copy = structuredClone(events);
      change(copy);
      return copy.map((event) => JSON.stringify(event)).join('\n') + '\n';
    };
    const foreign = JSON.stringify({ ...events[2], id: '01900000-0000-7000-8000-000000000000' });
    const cases: Array<[string, string]> = [
      ['an edited value', edit((e) => (e[title].data.title = 'Otro título'))],
      [
        'a withheld value swapped',
        edit((e) => {
          const [a, b] = withheldAt;
          const pathOf = (event: any) => Object.keys(event.metadata.$sealed).find((path) => 'withheld' in event.metadata.$sealed[path])!;
          const [pa, pb] = [pathOf(e[a]), pathOf(e[b])];
          [e[a].metadata.$sealed[pa], e[b].metadata.$sealed[pb]] = [e[b].metadata.$sealed[pb], e[a].metadata.$sealed[pa]];
        }),
      ],
      ['a withheld value filled in', edit((e) => (e[withheldAt[0]].metadata.actorId = 'someone-else'))],
      ['a dropped line', edit((e) => e.splice(3, 1))],
      ['reordered lines', edit((e) => ([e[3], e[4]] = [e[4], e[3]]))],
      ['a foreign line', lines.public.slice(0, 5).concat(foreign, lines.public.slice(5)).join('\n') + '\n'],
    ];
    expect(withheldAt.length).toBeGreaterThanOrEqual(2);
    for (const [name, text] of cases) {
      const result = verdicts(file(`${name.replace(/\s/g, '-')}.jsonl`, text), false);
      expect({ name, status: result.status, verdict: result.verdict }).toEqual({
        name,
        status: 1,
        verdict: expect.stringMatching(/^NOT INTACT: first bad position \d+/),
      });
    }

    // A forged checkpoint: signed by another key, or a genuine signature on another head.
    const genuine = JSON.parse(JSON.stringify(require(checkpoint)));
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = { ...genuine, signature: sign(null, Buffer.from(genuine.signedPayload), other).toString('base64') };
    const moved = { ...genuine, position: genuine.position - 1, signedPayload: `${genuine.position - 1}:${genuine.hash}` };
    for (const [name, forgery] of [
      ['signed by another key', forged],
      ['moved to another position', moved],
    ]) {
      const result = verdicts(join(outside, 'public.jsonl'), true, file(`${name.replace(/\s/g, '-')}.json`, JSON.stringify(forgery)));
      expect({ name, ...result }).toEqual({
        name,
        status: 1,
        verdict: expect.stringMatching(/^NOT INTACT: checkpoint .* is not signed by the given public key/),
      });
    }
  });

  it('is served as the repository keeps it, and the repository keeps what the sources make', async () => {
    const served = await fetch(`${app.url}/api/audit/verifier.mjs`).then((r) => r.text());
    expect(served).toBe(readFileSync(VERIFIER, 'utf8'));
    expect(served).not.toMatch(/from\s+"(?!node:)/);
    const check = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/build-verifier.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
