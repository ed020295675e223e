// Writes docs/cli.md from the CLI's own definitions, and the list of case constants in docs/ci.md
// from the models' constants (`npm run docs:cli`); with --check, only says whether both are up to
// date (exit 1 when one is not), for CI.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REFERENCE_COMMAND, referenceText, withCaseConstants } from '../cli/reference.js';

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // A missing file is stale.
    return '';
  }
};
const cliMd = fileURLToPath(new URL('../../docs/cli.md', import.meta.url));
const ciMd = fileURLToPath(new URL('../../docs/ci.md', import.meta.url));
const targets: readonly [string, string][] = [
  [cliMd, referenceText()],
  [ciMd, withCaseConstants(read(ciMd))],
];
const args = process.argv.slice(2);

if (args.some((a) => a !== '--check')) {
  process.stderr.write(`usage: ${REFERENCE_COMMAND} [-- --check]\n`);
  process.exitCode = 2;
} else if (args.includes('--check')) {
  for (const [target, text] of targets) {
    if (read(target) === text) {
      process.stdout.write(`${target} is up to date\n`);
    } else {
      process.stderr.write(`${target} is stale: run ${REFERENCE_COMMAND}\n`);
      process.exitCode = 1;
    }
  }
} else {
  for (const [target, text] of targets) {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
}
