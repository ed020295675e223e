import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommanderError } from 'commander';
import { referenceProgram } from '../../cli/reference.js';
import { pikaMcCommands, WORKFLOW, workflowSteps } from './workflow.js';
import { CLI_MAIN } from '../cli/run.js';

/**
 * Parses `args` as the CLI would, without running the command: throws on an unknown command, flag
 * or operand (an Error) and on a flag's missing or refused value (commander's CommanderError).
 */
function parseOnly(args: readonly string[]): void {
  const program = referenceProgram();
  const [first, ...rest] = args;
  const command = program.commands.find((c) => c.name() === first);
  if (command === undefined) {
    // Options of pika-mc itself (--version prints the version and exits: it is not parsed here).
    const unknown = args.filter((a) => !program.options.some((o) => o.long === a || o.short === a));
    if (unknown.length > 0) throw new Error(`pika-mc ${args.join(' ')}: neither a command nor an option: ${unknown.join(' ')}`);
    return;
  }
  // Every command takes --help, which commander adds of its own rather than as an option.
  const { operands, unknown } = command.parseOptions(rest.filter((a) => a !== '--help'));
  if (operands.length + unknown.length > 0) throw new Error(`pika-mc ${args.join(' ')}: not taken: ${[...operands, ...unknown].join(' ')}`);
}

describe('the workflow template (.github/workflows/model-check.yml), as a project copies it', () => {
  const steps = workflowSteps();

  it('checks out the project, sets up Node 20, installs, then checks', () => {
    const text = readFileSync(WORKFLOW, 'utf8');
    assert.match(text, /^on:\n {2}push:\n {2}pull_request:/m);
    assert.deepEqual(
      steps.map((s) => s.uses ?? s.name),
      ['actions/checkout@v4', 'actions/setup-node@v4', 'Install the project, and pika-mc unless the project depends on it', 'Check every spec in the specs folder'],
    );
    assert.match(text, /node-version: 20\n/);
    // pika-mc comes from the project's own dependencies, or else from the PIKA_MC variable.
    assert.match(steps[2]!.run!, /npm install --no-save --no-audit --no-fund "\$\{PIKA_MC:\?/);
    assert.match(text, /PIKA_MC: \$\{\{ vars\.PIKA_MC \}\}/);
  });

  it('runs only pika-mc commands and flags that exist, with values they accept', () => {
    const commands = pikaMcCommands(steps);
    assert.deepEqual(
      commands.map((c) => c[0]),
      ['--version', 'check', 'ci', 'check'],
    );
    for (const args of commands) {
      // The loop's variables stand for a spec path and its matrix.
      const filled = args.map((a) => (a === '$spec' ? 'specs/mine.ts' : a === '$matrix' ? 'specs/mine.matrix.json' : a));
      assert.doesNotThrow(() => parseOnly(filled), `pika-mc ${args.join(' ')}`);
    }
  });

  it('checks a spec with a matrix beside it against its pinned verdicts, and every other spec in full', () => {
    const step = steps.find((s) => s.name === 'Check every spec in the specs folder');
    assert.ok(step?.run);
    // A stand-in for npx records what it is asked to run; the spec named "bad" fails.
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-workflow-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'specs'));
    // Asked for its help with --spec, it loads the module as pika-mc does: helper.ts exports no spec.
    const npx = [
      '#!/bin/sh',
      'case "$*" in *helper*--help*) echo "error: --spec: specs/helper.ts exports no spec: default-export one built with defineSpec" >&2; exit 2;; *--help*) exit 0;; esac',
      'echo "ran: $*"',
      'case "$*" in *bad*) exit 12;; esac',
    ];
    writeFileSync(join(dir, 'bin', 'npx'), `${npx.join('\n')}\n`, { mode: 0o755 });
    for (const file of ['a.ts', 'a.matrix.json', 'bad.ts', 'c.mjs', 'helper.ts']) writeFileSync(join(dir, 'specs', file), '');
    const result = spawnSync('bash', ['-e', '-c', step.run], { cwd: dir, env: { PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, SPECS: 'specs' }, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.deepEqual(
      [...result.stdout.matchAll(/^ran: (.*)$/gm)].map((m) => m[1]),
      ['pika-mc ci --spec specs/a.ts --matrix specs/a.matrix.json --no-color', 'pika-mc check --spec specs/bad.ts --no-color', 'pika-mc check --spec specs/c.mjs --no-color'],
    );
    assert.deepEqual([...result.stdout.matchAll(/^::error (.*)$/gm)].map((m) => m[1]), ['file=specs/bad.ts::pika-mc check exited 12']);
  });

  it('skips a module that exports no spec, as pika-mc says of it, and fails a folder with no spec', () => {
    const step = steps.find((s) => s.name === 'Check every spec in the specs folder');
    assert.ok(step?.run);
    // The message the template looks for is the one pika-mc gives for a helper module.
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-workflow-'));
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'helper.ts'), 'export const next = (n: number): number => n + 1;\n');
    const real = spawnSync(process.execPath, [CLI_MAIN, 'check', '--spec', 'specs/helper.ts', '--help'], { cwd: dir, encoding: 'utf8' });
    assert.equal(real.status, 2, real.stderr);
    assert.match(real.stderr, /exports no spec/);
    // With pika-mc itself standing in for npx, a folder of helpers only checks nothing, and fails.
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'npx'), `#!/bin/sh\nshift\nexec "${process.execPath}" "${CLI_MAIN}" "$@"\n`, { mode: 0o755 });
    const result = spawnSync('bash', ['-e', '-c', step.run], { cwd: dir, env: { PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, SPECS: 'specs' }, encoding: 'utf8' });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /^specs\/helper\.ts exports no spec: skipped$/m);
    assert.match(result.stdout, /^::error::no module in specs\/ exports a spec$/m);
  });

  it('refuses what pika-mc does not take: a misspelt command or flag, a bad or missing value', () => {
    assert.throws(() => parseOnly(['check', '--spec', 'specs/mine.ts', '--no-colour']), /not taken: --no-colour/);
    assert.throws(() => parseOnly(['check', '--spec', 'specs/mine.ts', '--workers', 'many']), CommanderError);
    assert.throws(() => parseOnly(['check', '--spec']), CommanderError);
    assert.throws(() => parseOnly(['chek', '--spec', 'specs/mine.ts']), /neither a command nor an option: chek/);
  });
});
