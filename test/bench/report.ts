import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const BENCHMARKS_FILE = resolve(__dirname, '../../BENCHMARKS.md');

/**
 * Writes one `## …` section of BENCHMARKS.md: replaces the section with that heading, or appends it.
 * Each benchmark owns its section and leaves the others as they are.
 */
export const writeBenchmarkSection = (heading: string, section: string, file = BENCHMARKS_FILE): void => {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(heading);
  if (start === -1) {
    writeFileSync(file, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + heading.length);
  const rest = next === -1 ? '' : `\n${current.slice(next + 1)}`;
  writeFileSync(file, `${current.slice(0, start)}${section.trimEnd()}\n${rest}`);
};
