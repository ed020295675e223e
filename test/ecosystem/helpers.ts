import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../cli/run.js';
import type { CliRun } from '../cli/run.js';

/** The repository root (the tests run from dist/test/ecosystem). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** An example spec's TypeScript source, loaded through tsx. */
export const exampleTs = (name: string): string => join(ROOT, 'examples', `${name}.ts`);

/** An example spec compiled to an ES module by the project's build. */
export const exampleJs = (name: string): string => join(ROOT, 'dist', 'examples', `${name}.js`);

/** A fresh temporary directory. */
export function tempDir(prefix = 'pika-mc-eco-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Asserts a usage error: exit 2, one line on stderr naming `words`, nothing on stdout, no stack. */
export function assertRefused(run: CliRun, what: string, ...words: RegExp[]): void {
  assert.equal(run.code, 2, `${what}: ${run.stdout}${run.stderr}`);
  assert.equal(run.stdout, '', what);
  assert.equal(run.stderr.trim().split('\n').length, 1, `${what}: more than one line: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\bat .*\(.*:\d+:\d+\)/, what);
  for (const word of words) assert.match(run.stderr, word, what);
}

/** Runs the CLI in process and asserts a one-line usage error. */
export async function refuses(args: string[], ...words: RegExp[]): Promise<void> {
  assertRefused(await cli(args), args.join(' '), ...words);
}

export { cli };
