/**
 * The web app's first load: how much JavaScript a visitor's browser fetches before the portal is usable (gzipped,
 * the budget is 200 KB), and how long until it is usable on localhost, in Debian's Chromium.
 *
 *   npm run bench:web            (BENCH_LOADS=20 loads of each page by default)
 *
 * It builds the web app (vite build), starts the built server on a temporary data folder with a plan in it, and
 * loads `/` in a new browser context each time (empty cache): "usable" is when the plans are on the screen. As a
 * baseline in the same run it times the browser fetching the same plans as bare JSON from the same server, so that
 * the figure reads as a ratio to a round trip of the machine as it is now. Writes the `## Web app first load`
 * section of BENCHMARKS.md unless BENCH_NO_WRITE=1.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tokenFor } from '../support/app-harness';
import { launchBrowser, webBuild } from '../support/browser';
import { ApiNode, buildApp, freePort } from '../support/node-process';
import { loadLine, machineLines, publishSection, runBenchmark, shell } from './report';

const BUDGET_KB = 200;
const LOADS = Number(process.env.BENCH_LOADS ?? 20);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

/** What index.html makes the browser fetch before anything is shown: its module script, preloads and styles. */
const firstLoad = (folder: string) => {
  const html = readFileSync(join(folder, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1]);
  const sized = (file: string) => {
    const content = readFileSync(join(folder, file));
    return { file, raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
  };
  const all = readdirSync(join(folder, 'assets')).filter((file) => file.endsWith('.js'));
  return {
    initial: files.map(sized),
    lazy: all.filter((file) => !files.includes(`assets/${file}`)).map((file) => sized(`assets/${file}`)),
  };
};

runBenchmark(async () => {
  const loadAtStart = loadavg()[0];
  buildApp();
  const folder = webBuild();
  const { initial, lazy } = firstLoad(folder);
  const js = initial.filter((asset) => asset.file.endsWith('.js'));
  const css = initial.filter((asset) => asset.file.endsWith('.css'));
  const sum = (assets: typeof initial, key: 'raw' | 'gzip') => assets.reduce((total, asset) => total + asset[key], 0);

  const node = new ApiNode('web-bench', freePort(), { WEB_DIR: folder, LOG_LEVEL: 'warn' });
  await node.start();
  const browser = await launchBrowser();
  try {
    const moderator = tokenFor('mod-1', ['moderator'], 'Marta');
    const created = await fetch(`${node.url}/api/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderator}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'III Plan de Acción',
        country: 'CO',
        periodStart: '2017-07-01',
        periodEnd: '2019-06-30',
        themes: ['transparencia'],
      }),
    });
    if (created.status !== 201) throw new Error(`could not create the plan: ${created.status}`);

    const usable: number[] = [];
    const contentful: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      // Interleaved, so that both see the same machine.
      for (const kind of ['app', 'json'] as const) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const started = Date.now();
        if (kind === 'app') {
          await page.goto(`${node.url}/`);
          await page.getByRole('link', { name: 'III Plan de Acción' }).waitFor();
          usable.push(Date.now() - started);
          contentful.push(await page.evaluate<number>("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"));
        } else {
          await page.goto(`${node.url}/api/plans`);
          baseline.push(Date.now() - started);
        }
        await context.close();
      }
    }
    const median = (values: number[]) => quantile(values, 0.5);
    const chromium = shell('/usr/bin/chromium --version');
    publishSection('## Web app first load (npm run bench:web)', [
      '## Web app first load (npm run bench:web)',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} with ${chromium}, headless, on localhost; the built server (SQLite, embedded).`,
      ...machineLines('the server, Chromium and this process'),
      loadLine(loadAtStart),
      '',
      `| what | raw | gzipped | budget |`,
      `|---|--:|--:|--:|`,
      `| JavaScript of the first load (${js.map((asset) => asset.file.replace('assets/', '')).join(', ')}) | ${kb(sum(js, 'raw'))} KB | **${kb(sum(js, 'gzip'))} KB** | ${BUDGET_KB} KB |`,
      `| CSS of the first load | ${kb(sum(css, 'raw'))} KB | ${kb(sum(css, 'gzip'))} KB | |`,
      `| the other pages, loaded when first visited (${lazy.length} chunks) | ${kb(sum(lazy, 'raw'))} KB | ${kb(sum(lazy, 'gzip'))} KB | |`,
      '',
      `${LOADS} cold loads of \`/\` (a new browser context each: empty cache), interleaved with as many of the same plans as bare JSON:`,
      '',
      '| | median | p95 |',
      '|---|--:|--:|',
      `| portal usable (the plans on the screen) | ${median(usable)} ms | ${quantile(usable, 0.95)} ms |`,
      `| first contentful paint | ${median(contentful).toFixed(0)} ms | ${quantile(contentful, 0.95).toFixed(0)} ms |`,
      `| baseline: GET /api/plans as a page | ${median(baseline)} ms | ${quantile(baseline, 0.95)} ms |`,
      `| ratio usable / baseline | ${(median(usable) / median(baseline)).toFixed(1)}× | |`,
      '',
      sum(js, 'gzip') / 1024 <= BUDGET_KB
        ? `Within the budget: ${kb(sum(js, 'gzip'))} KB of ${BUDGET_KB} KB.`
        : `**Over the budget**: ${kb(sum(js, 'gzip'))} KB of ${BUDGET_KB} KB.`,
      '',
    ]);
    if (sum(js, 'gzip') / 1024 > BUDGET_KB) process.exitCode = 1;
  } finally {
    await browser.close();
    await node.stop();
  }
});
