import { Command, Option } from 'commander';
import { runReplay } from './commands/replay.js';
import type { ReplayCommandOptions } from './commands/replay.js';
import type { ExitCode } from './exitCodes.js';
import type { CliIo } from './io.js';
import { FORMATS } from './output.js';
import { collect } from './parse.js';

/** Adds to `check` the options for a user's spec, its constants, and where output goes. */
export function addSpecOptions(command: Command): Command {
  return command
    .option('--spec <module>', 'check your own spec: a module (.js, .mjs, or .ts through tsx) that default-exports a defineSpec spec')
    .option('--const <name=value>', 'set a constant by name, parsed by its type (repeatable; lists as a,b or ["a","b"]); model flags win over it', collect)
    .option('--constants <file.json>', 'set constants from a JSON object of name → value (--const wins over it)')
    .option('--out <path>', 'write the output there instead of stdout; {invariant} in the path gives each trace its own file')
    .option('--dump-graph <file.dot>', 'also write the reachable state graph in Graphviz DOT, violating states marked (small models only)');
}

/** Adds `pika-mc replay <trace>`. */
export function addReplayCommand(program: Command, io: CliIo, run: { code: ExitCode }): void {
  program
    .command('replay')
    .description('re-validate an ITF or JSON trace written by pika-mc against its spec and constants, and print it (exit 1 if it does not replay)')
    .argument('<trace>', 'the trace file (.itf.json, or the JSON of check --format json)')
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--out <path>', 'write the output there instead of stdout; {invariant} in the path gives each trace its own file')
    .option('--spec <module>', 'the spec module to replay against (default: the one the trace records)')
    .option('--invariant <name>', 'replay only the trace of this invariant (repeatable)', collect)
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .option('--full-states', 'print every variable of every trace state, not only the changed ones', false)
    .option('--quiet', 'do not say on stderr which files were written', false)
    .action(async (trace: string, options: ReplayCommandOptions) => {
      run.code = await runReplay(trace, options, io);
    });
}
