/**
 * Writes the standalone verifier, libs/audit/verifier/verifier.mjs: `npm run audit -- verify` bundled into one file
 * that needs nothing but Node (20 or newer) to run, so that anyone can check an export without this repository.
 *   npm run build:verifier            writes it
 *   npm run build:verifier -- --check exits 1 when the file in the repository is not what the sources make
 */
import { buildSync } from 'esbuild';
import { format, resolveConfig } from 'prettier';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const VERIFIER = join(ROOT, 'libs/audit/verifier/verifier.mjs');

export const bundleVerifier = async (): Promise<string> => {
  const result = buildSync({
    entryPoints: [join(ROOT, 'scripts/audit.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    legalComments: 'none',
    tsconfig: join(ROOT, 'tsconfig.json'),
    banner: {
      js: [
        '// Cocrea standalone verifier: checks an export of a Cocrea log (GET /api/audit/export or /api/audit/public-export)',
        '// against its hash chain and, optionally, a signed checkpoint. Needs only Node.js 20 or newer:',
        '//   node verifier.mjs export.jsonl [--from-hash <hash>] [--checkpoint checkpoint.json --public-key key.pem]',
        '// Generated from the Cocrea sources by `npm run build:verifier`; the format it checks is in the README.',
      ].join('\n'),
    },
  });
  const code = result.outputFiles[0].text;
  const imports = [...code.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]).filter((name) => !name.startsWith('node:'));
  if (imports.length > 0) throw new Error(`the verifier would import ${imports.join(', ')}: it must need nothing but Node`);
  // Formatted as the rest of the code is: people are invited to read what they run.
  return format(code, { ...(await resolveConfig(VERIFIER)), filepath: VERIFIER });
};

const main = async () => {
  const code = await bundleVerifier();
  if (process.argv.includes('--check')) {
    const current = readFileSync(VERIFIER, 'utf8');
    if (current !== code) {
      process.stderr.write(`${VERIFIER} is not what the sources make: run npm run build:verifier\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(VERIFIER, code);
    process.stdout.write(`wrote ${VERIFIER} (${code.length} bytes)\n`);
  }
};

if (require.main === module) void main();
