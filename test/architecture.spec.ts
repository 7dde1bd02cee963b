import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

interface Cruise {
  modules: Array<{ source: string }>;
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string }>; error: number; totalCruised: number };
}

/** The shape of the code, as `.dependency-cruiser.cjs` states it: checked on every test run. */
describe('architecture', () => {
  let cruise: Cruise;

  beforeAll(() => {
    const output = execFileSync(
      join(ROOT, 'node_modules/.bin/depcruise'),
      ['apps', 'libs', 'scripts', 'test', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    cruise = JSON.parse(output) as Cruise;
  }, 60_000);

  it('reads the whole tree: every feature folder, its deciders, commands, queries, projections and rooms', () => {
    const sources = cruise.modules.map((module) => module.source);
    for (const feature of ['plans', 'working-groups', 'proposals', 'consultations', 'comments', 'commitments']) {
      for (const part of ['index.ts', '.decider.ts', '.commands.ts', '.queries.ts', '.projection.ts', '.rooms.ts', '.controller.ts']) {
        expect(sources.filter((source) => source.startsWith(`libs/co-creation/src/${feature}/`) && source.endsWith(part))).not.toHaveLength(
          0,
        );
      }
    }
  });

  it('breaks no rule: pure files import no Nest, features meet through their doors, the platform names no feature, no cycles', () => {
    expect(cruise.summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`)).toEqual([]);
  });
});

describe('the web app', () => {
  it('type-checks under strict TypeScript (apps/web/tsconfig.json)', () => {
    const check = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'apps/web/tsconfig.json')], {
      encoding: 'utf8',
    });
    expect({ status: check.status, output: check.stdout }).toEqual({ status: 0, output: '' });
  }, 120_000);
});

describe('formatting', () => {
  it('is prettier’s, everywhere (npm run format writes it)', () => {
    // --list-different prints the files that differ and exits non-zero when there are any.
    const differing = (() => {
      try {
        execFileSync(join(ROOT, 'node_modules/.bin/prettier'), ['--list-different', '.'], { cwd: ROOT, encoding: 'utf8' });
        return [];
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error)
          .split('\n')
          .filter(Boolean);
      }
    })();
    expect(differing).toEqual([]);
  }, 60_000);
});
