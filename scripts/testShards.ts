/**
 * Writes the entry files `npm test` runs, and prints their paths: the compiled test files dealt into
 * two shards of about equal work, each a module that imports its files in turn, so that the runner
 * runs the two side by side (one a core) and each loads Node and pika-mc once rather than once a
 * file. A test file must therefore leave nothing behind that another could see (no global state,
 * no process-wide settings); `node --test dist/test/<path>.test.js` still runs one file alone.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Seconds the slowest test files take on a 2-core machine; every other file counts as one. */
const SLOWEST: { readonly [file: string]: number } = {
  'checker/parallel/counts': 16,
  'ecosystem/project': 16,
  'browser/explore': 11,
  'checker/explore/reference': 10,
  'browser/report': 9,
  'checker/parallel/bounds': 9,
  'cli/supervisor': 8,
  'cli/simulateOptions': 6,
  'checker/simulate/workers': 6,
  'docs/commands': 6,
  'bench/tlc': 5,
  'trust/signals': 5,
  'cli/parallel': 5,
  'checker/checkpoint/resume': 4,
};
const SHARDS = 2;

const dist = fileURLToPath(new URL('../', import.meta.url));
const tests = join(dist, 'test');
const out = join(dist, 'test-shards');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const weight = (file: string): number => SLOWEST[relative(tests, file).replace(/\.test\.js$/, '')] ?? 1;
// The heaviest first, each to the lightest shard so far.
const files = testFiles(tests).sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
const shards = Array.from({ length: SHARDS }, () => ({ files: [] as string[], work: 0 }));
for (const file of files) {
  const lightest = shards.reduce((least, shard) => (shard.work < least.work ? shard : least));
  lightest.files.push(file);
  lightest.work += weight(file);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const paths = shards.map((shard, i) => {
  const path = join(out, `shard-${i + 1}.test.js`);
  writeFileSync(path, shard.files.map((file) => `await import(${JSON.stringify(`../${relative(dist, file)}`)});\n`).join(''));
  return relative(process.cwd(), path);
});
process.stdout.write(`${paths.join('\n')}\n`);
