import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { CLI_MAIN } from '../cli/run.js';
import { docCommands, outputMismatch } from './fences.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The README and the guides in docs/ (the generated findings have their own test). */
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/**
 * A folder to run a document's commands in, as a user's clone: the examples and the matrix are
 * copies (a command may write beside them), the build and the dependencies are links.
 */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-docs-'));
  for (const folder of ['examples', 'matrix']) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  for (const entry of ['dist', 'node_modules', 'package.json']) symlinkSync(join(ROOT, entry), join(dir, entry));
  return dir;
}

describe('the pika-mc commands quoted in the README and docs/ run as written', () => {
  it('finds the README\'s commands, the violated default check among them', () => {
    const commands = docCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    assert.ok(commands.length >= 10, `the README quotes ${commands.length} commands`);
    assert.ok(commands.some((c) => c.args.join(' ') === 'check' && c.exit === 12 && c.output.length > 0), 'npx pika-mc check, exit 12, with its output');
  });

  for (const file of DOCUMENTS) {
    const commands = docCommands(readFileSync(join(ROOT, file), 'utf8'));
    if (commands.length === 0) continue;
    describe(file, () => {
      let cwd = '';
      before(() => {
        cwd = workspace();
      });
      // In document order, in one folder: a command may read what an earlier one wrote.
      for (const command of commands) {
        it(`line ${command.line}: ${command.text} (exit ${command.exit})`, () => {
          const run = spawnSync(process.execPath, [CLI_MAIN, ...command.args], {
            cwd,
            encoding: 'utf8',
            env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined },
            timeout: 120_000,
          });
          assert.equal(run.status, command.exit, `${file}:${command.line} exits ${run.status}, the docs say ${command.exit}\n${run.stderr}`);
          if (command.output.length > 0) {
            const mismatch = outputMismatch(command.output, run.stdout);
            assert.equal(mismatch, undefined, `${file}:${command.line}: the output shown is not what the command prints: ${mismatch}`);
          }
        });
      }
    });
  }
});
