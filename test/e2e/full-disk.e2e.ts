import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { EVENT_STORE } from '@cocrea/event-store';
import { STORAGE_FULL_RETRY_AFTER_SECONDS } from '@cocrea/platform';
import { TestApp, ok, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

/** Whether this process may mount a tmpfs (root, as CI here): then the disk that fills up is a real one. */
const mountTmpfs = (mountPoint: string): boolean => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * A disk that fills up under the server: a small tmpfs mounted for the test where the machine allows it,
 * otherwise a log file capped by SQLite's max_page_count. Writes are refused 507 with Retry-After and nothing
 * acknowledged is lost; reads go on; once there is room again, writes and the read models resume by themselves.
 */
describe('a full disk', () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'cocrea-full-disk-'));
  const mounted = mountTmpfs(mountPoint);
  let app: TestApp;

  beforeAll(() => mkdirSync(join(mountPoint, 'data')));
  afterAll(async () => {
    await app?.stop({ keepData: true });
    if (mounted) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  /** Leaves about 600 KB of room; `free()` gives the room back. */
  const fill = (): { free(): void } => {
    if (mounted) {
      const { bavail, bsize } = statfsSync(mountPoint);
      const ballast = join(mountPoint, 'ballast');
      writeFileSync(ballast, Buffer.alloc(Math.max(0, bavail * bsize - 600_000)));
      return { free: () => rmSync(ballast) };
    }
    // The store's own connection: max_page_count holds for the connection that sets it.
    const db = (app.app.get(EVENT_STORE) as unknown as { db: Database.Database }).db;
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages + 150}`);
    return { free: () => db.pragma('max_page_count = 4294967294') };
  };

  it('refuses writes 507 with Retry-After, loses nothing acknowledged, serves reads, and recovers when space returns', async () => {
    app = new TestApp(join(mountPoint, 'data'));
    await app.boot();
    const scenario = new Scenario(app);
    const group = await scenario.workingGroup(await scenario.plan(), { members: { ana: 'member' } });
    const proposal = await scenario.proposal(group, { by: people.ana });
    const comment = (n: number) =>
      app.post('/api/comments', people.ana, { targetType: 'proposal', targetId: proposal.id, body: `${n} ${'x'.repeat(9_000)}` });

    // The log fills up after some dozens of comments.
    const disk = fill();

    const acknowledged: string[] = [];
    let refusal;
    for (let n = 0; n < 500 && !refusal; n++) {
      const answer = await comment(n);
      if (answer.status === 201) acknowledged.push(answer.body.id);
      else refusal = answer;
    }
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(refusal?.status).toBe(507);
    expect(refusal?.headers.get('retry-after')).toBe(String(STORAGE_FULL_RETRY_AFTER_SECONDS));
    expect(refusal?.body).toEqual({
      statusCode: 507,
      error: 'Insufficient Storage',
      message: `the event log's storage is full: nothing of this request was recorded; retry after ${STORAGE_FULL_RETRY_AFTER_SECONDS} s`,
    });
    // Still full: refused again, and reads are served.
    expect((await comment(-1)).status).toBe(507);
    ok(await app.get('/health'));
    ok(await app.get(`/api/proposals/${proposal.id}`, people.ana));

    disk.free();
    const after = ok(await comment(1000), 201);
    acknowledged.push(after.id);
    const listed = ok(await app.get(`/api/comments?targetType=proposal&targetId=${proposal.id}&minPosition=${after.position}`, people.ana));
    expect(listed.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(acknowledged));

    // Every acknowledged comment is in the log, once, after a restart.
    await app.restart();
    const posted = (await app.events()).filter((e) => e.type === 'CommentPosted').map((e) => e.streamId.replace(/^comment-/, ''));
    expect(posted.sort()).toEqual([...acknowledged].sort());
  });
});
