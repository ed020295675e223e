import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Command, Option } from 'commander';
import { ExitCode } from '../../cli/exitCodes.js';
import { cliReference, EXIT_CODE_MEANINGS, exitCodePrecedence, REFERENCE_COMMAND, referenceProgram, referenceText } from '../../cli/reference.js';

const CLI_MD = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/docsCli.js', import.meta.url));

/** The part of a reference under the heading `## <path>`, up to the next heading. */
function section(text: string, path: string): string {
  const start = text.indexOf(`\n## ${path}\n`);
  assert.notEqual(start, -1, `no section "## ${path}"`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

function commandsOf(command: Command, prefix: string): [string, Command][] {
  return command.commands.flatMap((c) => {
    const path = `${prefix} ${c.name()}`;
    return [[path, c] as [string, Command], ...commandsOf(c, path)];
  });
}

describe('docs/cli.md: the CLI reference generated from cli/program.ts', () => {
  it('is exactly what the generator makes of the program today', () => {
    const committed = readFileSync(CLI_MD, 'utf8');
    assert.ok(committed === referenceText(), `docs/cli.md is stale: run ${REFERENCE_COMMAND} and commit docs/cli.md`);
  });

  it('has a section for every command, with a row for every option, its default and each allowed value', () => {
    const program = referenceProgram();
    const text = cliReference(program);
    const commands = commandsOf(program, program.name());
    assert.ok(commands.length >= 7, 'the program has its commands');
    for (const [path, command] of commands) {
      const part = section(text, path);
      assert.ok(part.includes(command.description()), `${path}: its description`);
      for (const option of command.options.filter((o) => !o.hidden)) {
        const row = part.split('\n').find((line) => line.startsWith(`| \`${option.flags}\` |`));
        assert.ok(row !== undefined, `${path}: a row for ${option.flags}`);
        for (const choice of option.argChoices ?? []) assert.ok(row.includes(`\`${choice}\``), `${path} ${option.flags}: the value ${choice}`);
        if (typeof option.defaultValue === 'string' || typeof option.defaultValue === 'number') {
          assert.ok(row.includes(`\`${option.defaultValue}\``), `${path} ${option.flags}: the default ${option.defaultValue}`);
        }
      }
      for (const argument of command.registeredArguments) assert.ok(part.includes(argument.name()), `${path}: the argument ${argument.name()}`);
    }
  });

  it('renders flags, defaults, values, arguments and subcommands as table rows, escaping what Markdown would eat', () => {
    const program = new Command('tool').description('a tool');
    const run = program.command('run').alias('r').description('run it | fast').argument('<file>', 'the input').argument('[more...]', 'more input', ['x']);
    run
      .addOption(new Option('--mode <mode>', 'how to run').choices(['a', 'b|c']).default('a'))
      .option('--count <n>', 'how many', Number, 3)
      .option('--dry', 'write nothing', false)
      .option('--no-color', 'no colour')
      .option('--to <dir>', 'into <dir>/out, as `<dir>`')
      .addOption(new Option('--level <n>', 'how loud').env('TOOL_LEVEL'))
      .addOption(new Option('--secret', 'not shown').hideHelp());
    run.command('fast').description('the fast path');
    const text = cliReference(program, { Ok: 0 });
    const part = section(text, 'tool run');
    assert.ok(part.includes('run it \\| fast'));
    assert.ok(part.includes('```text\ntool run|r [options] [command] <file> [more...]\n```'), part);
    assert.ok(part.includes('| `<file>` | the input | yes |  |'));
    assert.ok(part.includes('| `[more...]` | more input (default: ["x"]) | no |  |'));
    assert.ok(part.includes('| `--mode <mode>` | how to run | `a` | `a`, `b\\|c` |'));
    assert.ok(part.includes('| `--count <n>` | how many | `3` |  |'));
    assert.ok(part.includes('| `--dry` | write nothing | off |  |'));
    assert.ok(part.includes('| `--no-color` | no colour |  |  |'));
    assert.ok(part.includes('| `--to <dir>` | into &lt;dir>/out, as `<dir>` |  |  |'));
    assert.ok(part.includes('| `--level <n>` | how loud (environment: TOOL_LEVEL) |  |  |'));
    assert.ok(!part.includes('--secret'), 'a hidden option stays hidden, as in --help');
    assert.ok(section(text, 'tool run fast').includes('the fast path'));
    assert.ok(text.includes('| [run](#tool-run) (also: r) | run it \\| fast |'));
  });

  it("lists the flags of every built-in spec other than the default, made from the spec's constants", () => {
    const text = referenceText();
    const part = (name: string): string => {
      const start = text.indexOf(`\n### --model ${name}\n`);
      assert.notEqual(start, -1, `no section for --model ${name}`);
      return text.slice(start, text.indexOf('\n##', start + 1));
    };
    assert.match(part('slave-bgsave'), /\| `--entries <n>` \| binlog entries the master sends.*\(default: 3; at least 1\)/);
    assert.match(part('slave-bgsave'), /\| `--offset-source <value>` \|.*\| `binlog`, `applied`, `drain` \|/);
    assert.match(part('two-phase'), /\| `--rm <list>` \| the resource managers, as model values \(default: r1,r2,r3, comma-separated\)/);
    assert.match(part('die-hard'), /No constants\./);
    assert.ok(!text.includes('### --model replication'), 'the default model\'s flags are in the command tables');
  });

  it('gives every exit code a meaning, in the order that decides between findings', () => {
    const text = cliReference(referenceProgram());
    for (const [name, code] of Object.entries(ExitCode)) {
      const meaning = EXIT_CODE_MEANINGS[name];
      assert.ok(meaning !== undefined, `a meaning for ${name}`);
      assert.ok(text.includes(`\n| ${code} | `), `a row for exit code ${code}`);
    }
    const order = exitCodePrecedence(ExitCode);
    assert.deepEqual(order.slice(0, 4), [ExitCode.Internal, ExitCode.IoError, ExitCode.SpecError, ExitCode.Violation]);
    assert.equal(order.at(-1), ExitCode.Ok);
    assert.ok(text.includes(`the code is the first of: ${order.join(', ')}.`));
  });

  it('refuses an exit code it has no meaning for, naming it and what to do', () => {
    assert.throws(
      () => cliReference(referenceProgram(), { ...ExitCode, Io: 74 }),
      (error: Error) => /exit code Io \(74\) has no meaning in EXIT_CODE_MEANINGS \(cli\/reference\.ts\)/.test(error.message) && error.message.includes(REFERENCE_COMMAND),
    );
  });

  it('npm run docs:cli -- --check says the committed files are up to date (exit 0)', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /docs\/cli\.md is up to date/);
    assert.match(run.stdout, /docs\/ci\.md is up to date/);
  });
});
