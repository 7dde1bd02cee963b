import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, ROOT, buildApp, freePort } from '../support/node-process';

/** The fenced block that follows `<!-- walkthrough: <name> -->` in the README, as a reader copies it. */
const walkthrough = (readme: string, name: string): string => {
  const marker = `<!-- walkthrough: ${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`the README has no ${marker}`);
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!block) throw new Error(`no code block after ${marker}`);
  return block[1];
};

/**
 * The README's walk-throughs, taken from the README itself and run as a reader runs them: the curl cycle pasted
 * whole into bash, then live.mjs in the same shell. Only `npm start` is replaced by the server it builds, started
 * from the build this suite makes once (several suites building dist at once would race).
 */
describe('the README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const scratch = mkdtempSync(join(tmpdir(), 'cocrea-readme-'));
  beforeAll(() => buildApp());
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs its curl walk-through and its socket.io client as written', () => {
    const bash = walkthrough(readme, 'bash');
    const live = walkthrough(readme, 'live.mjs');
    expect(bash).toContain('npm start > cocrea.log 2>&1 &');
    const server = `node ${JSON.stringify(MAIN)} > ${JSON.stringify(join(scratch, 'cocrea.log'))} 2>&1 &`;
    const liveFile = join(ROOT, `.readme-live-${process.pid}.mjs`);
    const script = [
      'trap "kill %1 2>/dev/null; rm -f ' + liveFile + '" EXIT',
      bash.replace('npm start > cocrea.log 2>&1 &', server),
      `cat > ${liveFile} <<'LIVE'\n${live}\nLIVE`,
      `TOKEN=$ANA PROPOSAL=$PROPOSAL node ${liveFile}`,
      walkthrough(readme, 'work-table'),
    ].join('\n');
    const port = freePort();
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), DATA_DIR: join(scratch, 'data'), AUTH_JWT_SECRET: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = run.stdout;
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });

    // The result the walk-through promises, and what the live client prints.
    const lines = output.trim().split('\n');
    const results = JSON.parse(lines.find((line) => line.includes('"turnout"'))!);
    expect(results).toMatchObject({ status: 'closed', tallyVisibility: 'live', turnout: 1, results: [{ votes: 1 }] });
    expect(lines.filter((line) => line.startsWith('event ')).map((line) => line.split(' ')[2])).toEqual([
      'ProposalDrafted',
      'ProposalSectionEdited',
      'ProposalSubmitted',
    ]);
    expect(lines).toContain('presence: Ana editing problem');
    expect(readme).toContain('It prints `event 4 ProposalDrafted`, `event 5 ProposalSectionEdited`, `event 6 ProposalSubmitted`');
    expect(lines).toContain('event 4 ProposalDrafted');
    // The work table: what the meeting says once closed, and the agreement in the proposal's history.
    expect(JSON.parse(lines.find((line) => line.startsWith('{"status":"closed","attended"'))!)).toEqual({
      status: 'closed',
      attended: 1,
      poll: [0, 1, 0],
      asked: ['¿Quién publica los datos?'],
    });
    const agreed = JSON.parse(lines.find((line) => line.includes('"type":"MinutesRecorded"'))!);
    expect(agreed).toEqual({
      streamId: expect.stringMatching(/^meeting-/),
      type: 'MinutesRecorded',
      agreement: 'Incluir la encuesta de 2016',
    });
  });
});
