// Writes docs/cli.md from the CLI's own definitions (`npm run docs:cli`); with --check, only says
// whether the file is up to date (exit 1 when it is not), for CI.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REFERENCE_COMMAND, referenceText } from '../cli/reference.js';

const target = fileURLToPath(new URL('../../docs/cli.md', import.meta.url));
const text = referenceText();
const args = process.argv.slice(2);

if (args.some((a) => a !== '--check')) {
  process.stderr.write(`usage: ${REFERENCE_COMMAND} [-- --check]\n`);
  process.exitCode = 2;
} else if (args.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale.
  }
  if (current === text) {
    process.stdout.write(`${target} is up to date\n`);
  } else {
    process.stderr.write(`${target} is stale: run ${REFERENCE_COMMAND}\n`);
    process.exitCode = 1;
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
