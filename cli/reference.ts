import { Command } from 'commander';
import type { Argument, Help, Option } from 'commander';
import { ExitCode, firstOf } from './exitCodes.js';
import { memoryIo } from './io.js';
import { createProgram } from './program.js';
import { DEFAULT_MODEL, REGISTRY } from './registry.js';
import type { RegistryEntry } from './registry.js';
import { addSpecFlags } from './specFlags.js';

/** What each exit code means, by its name in `ExitCode`; the reference refuses a code missing here. */
export const EXIT_CODE_MEANINGS: { readonly [name: string]: string } = {
  Ok: 'everything checked holds (or the command did what it was asked)',
  Policy: 'a policy check failed: a `ci` expectation, an action that never fired under `--fail-on-uncovered`, a trace file that does not replay (`replay`)',
  Usage: 'bad command line or input file: unknown option or value, malformed matrix, trace or checkpoint',
  Deadlock: 'a deadlock was found (a state with no successor that the spec does not call terminal)',
  Violation: 'an invariant is violated',
  Temporal: 'a temporal property is violated',
  IoError: 'output or a file could not be written or read: stdout closed or full, a disk full, a permission refused',
  SpecError: 'the spec is at fault: a build, action, invariant or constraint threw or returned what it must not, it has no initial state, a function of it is not pure or builds another spec in a worker thread, it ended the process, or its own timer or promise threw',
  Interrupted: 'stopped by SIGINT (the figures so far are printed; a second SIGINT stops at once)',
  Terminated: 'stopped by SIGTERM (the figures so far are printed)',
  Bound: 'stopped at a bound (`--max-states`, `--max-depth`, `--time-limit`, `--max-memory`) with nothing found, or out of memory',
  Internal: 'internal error: a bug in pika-mc (for instance a counterexample of its own that does not replay through the spec)',
};

/** The command that rewrites docs/cli.md, named wherever the file is found stale. */
export const REFERENCE_COMMAND = 'npm run docs:cli';

/** The program as the CLI builds it, for documentation only: its handlers are never run. */
export function referenceProgram(): Command {
  return createProgram({ io: memoryIo(), version: '0.0.0' }, { code: ExitCode.Ok });
}

/** docs/cli.md: the reference of the CLI's program, with the flags of every built-in spec. */
export function referenceText(): string {
  return cliReference(referenceProgram(), ExitCode, REGISTRY);
}

/** Text for a Markdown table cell: one line, pipes escaped, `<` escaped outside code spans. */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;') : part))
    .join('`')
    .replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

function defaultOf(option: Option): string {
  if (option.defaultValueDescription !== undefined) return cell(option.defaultValueDescription);
  if (option.defaultValue === undefined) return '';
  if (option.defaultValue === false && option.isBoolean()) return 'off';
  return code(typeof option.defaultValue === 'string' ? option.defaultValue : JSON.stringify(option.defaultValue));
}

function choicesOf(choices: readonly string[] | undefined): string {
  return choices === undefined ? '' : choices.map(code).join(', ');
}

function argumentsTable(args: readonly Argument[]): string[] {
  if (args.length === 0) return [];
  const rows = args.map((a) => {
    const name = `${a.required ? '<' : '['}${a.name()}${a.variadic ? '...' : ''}${a.required ? '>' : ']'}`;
    const fallback = a.defaultValueDescription ?? (a.defaultValue === undefined ? undefined : JSON.stringify(a.defaultValue));
    const description = fallback === undefined ? a.description : `${a.description} (default: ${fallback})`;
    return `| ${code(name)} | ${cell(description)} | ${a.required ? 'yes' : 'no'} | ${choicesOf(a.argChoices)} |`;
  });
  return ['| argument | description | required | values |', '|---|---|---|---|', ...rows, ''];
}

function optionsTable(options: readonly Option[]): string[] {
  const rows = options.map((o) => {
    const description = o.envVar === undefined ? o.description : `${o.description} (environment: ${o.envVar})`;
    return `| ${code(o.flags)} | ${cell(description)} | ${defaultOf(o)} | ${choicesOf(o.argChoices)} |`;
  });
  return ['| option | description | default | values |', '|---|---|---|---|', ...rows, ''];
}

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function anchorOf(command: Command): string {
  return pathOf(command).replace(/\s+/g, '-').toLowerCase();
}

function commandSection(command: Command, help: Help): string[] {
  const lines = [
    `## ${pathOf(command)}`,
    '',
    cell(command.description()),
    '',
    '```text',
    help.commandUsage(command),
    '```',
    '',
    ...argumentsTable(help.visibleArguments(command)),
    ...optionsTable(help.visibleOptions(command)),
  ];
  for (const sub of command.commands) lines.push(...commandSection(sub, help));
  return lines;
}

/**
 * The flags of each built-in spec other than the default one (whose flags `check` lists above): what
 * `check`, `simulate` and `explore` take with `--model NAME`, made from the spec's constants.
 */
function specsSection(specs: readonly RegistryEntry[], help: Help): string[] {
  const others = specs.filter((e) => e.name !== DEFAULT_MODEL);
  if (others.length === 0) return [];
  const lines = [
    '## Flags of the built-in specs',
    '',
    `\`check\`, \`simulate\` and \`explore\` take the flags of the spec they run, made from its constants: those of \`--model ${DEFAULT_MODEL}\` are listed with each command above; those of the other built-in specs follow. A spec given with \`--spec\` has flags made from its own constants (\`pika-mc check --spec FILE --help\` lists them).`,
    '',
  ];
  for (const entry of others) {
    const command = new Command(entry.name);
    addSpecFlags(command, { kind: 'model', entry });
    lines.push(`### --model ${entry.name}`, '', cell(entry.description), '');
    lines.push(...(command.options.length > 0 ? optionsTable(help.visibleOptions(command).filter((o) => o.long !== '--help')) : ['No constants.', '']));
  }
  return lines;
}

/**
 * The exit codes in the order that decides which one a run with several findings reports, as
 * `firstOf` ranks them, down to 0; codes ranked below 0 (a usage error) stop a run before it starts.
 */
export function exitCodePrecedence(codes: { readonly [name: string]: number }): number[] {
  const left = [...new Set(Object.values(codes))] as ExitCode[];
  const order: number[] = [];
  while (left.length > 0) {
    const next = firstOf(left);
    order.push(next);
    if (next === ExitCode.Ok) break;
    left.splice(left.indexOf(next), 1);
  }
  return order;
}

function exitCodeSection(codes: { readonly [name: string]: number }): string[] {
  const rows = Object.entries(codes).map(([name, value]) => {
    const meaning = EXIT_CODE_MEANINGS[name];
    if (meaning === undefined) {
      throw new Error(`exit code ${name} (${value}) has no meaning in EXIT_CODE_MEANINGS (cli/reference.ts): add one, then run ${REFERENCE_COMMAND}`);
    }
    return `| ${value} | ${cell(meaning)} |`;
  });
  return [
    '## Exit codes',
    '',
    'The same for every command; TLC\'s numbers where TLC has one.',
    '',
    '| code | meaning |',
    '|---|---|',
    ...rows,
    '',
    `When one run finds several things, the code is the first of: ${exitCodePrecedence(codes).join(', ')}.`,
    '',
  ];
}

/**
 * The CLI reference (docs/cli.md) as Markdown, read from the commander program itself: every command
 * with its usage, arguments and options (flags, description, default, allowed values), then the exit
 * codes. `codes` is the exit-code table to document (the CLI's own by default).
 */
export function cliReference(program: Command, codes: { readonly [name: string]: number } = ExitCode, specs: readonly RegistryEntry[] = []): string {
  const help = program.createHelp();
  const commands = help.visibleCommands(program).filter((c) => c.name() !== 'help');
  const lines = [
    `# ${program.name()} command-line reference`,
    '',
    `<!-- Generated from cli/program.ts by \`${REFERENCE_COMMAND}\`; do not edit. A test fails when this file is stale. -->`,
    '',
    cell(program.description()),
    '',
    '```text',
    help.commandUsage(program),
    '```',
    '',
    `\`${program.name()} <command> --help\` prints the same help on a terminal. Every command reads its options from the command line only; the environment is read for colour (\`NO_COLOR\`, \`FORCE_COLOR\`) and, by \`ci\`, for \`GITHUB_STEP_SUMMARY\`.`,
    '',
    '| command | what it does |',
    '|---|---|',
    ...commands.map((c) => {
      const aliases = c.aliases().length > 0 ? ` (also: ${c.aliases().join(', ')})` : '';
      return `| [${c.name()}](#${anchorOf(c)})${aliases} | ${cell(c.description())} |`;
    }),
    '',
    '## Options of every invocation',
    '',
    ...optionsTable(help.visibleOptions(program)),
  ];
  for (const command of commands) lines.push(...commandSection(command, help));
  lines.push(...specsSection(specs, help));
  lines.push(...exitCodeSection(codes));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The markers around the generated list of matrix constants in docs/ci.md. */
export const CASE_CONSTANTS_MARKERS = ['<!-- case constants: generated by `npm run docs:cli` from the models\' constants; do not edit -->', '<!-- end of case constants -->'] as const;

/**
 * The constants a `ci` matrix case may set, per built-in model, as a Markdown table for docs/ci.md:
 * each constant's name (as the spec names it, and a case's constants do) and its default, read from the model's spec.
 */
export function caseConstantsTable(specs: readonly RegistryEntry[] = REGISTRY): string {
  const rows = specs.map((entry) => {
    const names = Object.entries(entry.spec.constantInfo).map(([name, info]) => `\`${name}\` (${code(JSON.stringify(info.default))})`);
    return `| \`${entry.name}\` | ${names.length > 0 ? names.join(', ') : 'none'} |`;
  });
  return [CASE_CONSTANTS_MARKERS[0], '', '| model | its constants (default) |', '|---|---|', ...rows, '', CASE_CONSTANTS_MARKERS[1]].join('\n');
}

/** `text` (docs/ci.md) with its generated list of case constants replaced by today's. */
export function withCaseConstants(text: string): string {
  const [open, close] = CASE_CONSTANTS_MARKERS;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start === -1 || end < start) throw new Error('docs/ci.md has no generated list of case constants between its markers');
  return text.slice(0, start) + caseConstantsTable() + text.slice(end + close.length);
}
