import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import type { CliIo } from '../../cli/io.js';
import { runCli } from '../../cli/program.js';
import { CLI_MAIN } from '../cli/run.js';
import type { CliRun } from '../cli/run.js';
import { docCommands, outputMismatch } from './fences.js';
import type { DocCommand } from './fences.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The README and the guides in docs/ (the generated findings have their own test). */
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The environment of a reader's shell, without colour or a CI summary file. */
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined };

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

/** Runs a command as `npx pika-mc` does: the built entry point in a process of its own. */
function inSubprocess(command: DocCommand, cwd: string): CliRun {
  const run = spawnSync(process.execPath, [CLI_MAIN, ...command.args], { cwd, encoding: 'utf8', env: ENV, timeout: 120_000 });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a command through the same CLI program in this process, in `cwd`, with a reader's environment. */
async function inProcess(command: DocCommand, cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: ENV,
    cwd,
  };
  const code = await runCli(command.args, { io, version: VERSION });
  return { code, stdout, stderr };
}

/**
 * Every command runs as written, with the exit code and output the docs give. The commands whose
 * output the docs show run as a real subprocess, as a reader pastes them; the others run through the
 * same CLI program in this process (the subprocess adds only the supervisor and the streams, which
 * test/cli and test/trust run as subprocesses).
 */
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
        const how = command.output.length > 0 ? 'subprocess' : 'in process';
        it(`line ${command.line}: ${command.text} (exit ${command.exit}, ${how})`, async () => {
          const run = command.output.length > 0 ? inSubprocess(command, cwd) : await inProcess(command, cwd);
          assert.equal(run.code, command.exit, `${file}:${command.line} exits ${run.code}, the docs say ${command.exit}\n${run.stderr}`);
          if (command.output.length > 0) {
            const mismatch = outputMismatch(command.output, run.stdout);
            assert.equal(mismatch, undefined, `${file}:${command.line}: the output shown is not what the command prints: ${mismatch}`);
          }
        });
      }
    });
  }
});
