import { Option } from 'commander';
import type { Command } from 'commander';
import { collect } from './parse.js';
import { DEFAULT_MODEL, REGISTRY } from './registry.js';

/** Adds the options that pick the spec, its scenario, and set constants by name (`check`, `simulate` and `explore`). */
export function addSpecSourceOptions(command: Command): Command {
  return command
    .addOption(new Option('--model <model>', `a built-in spec by name (default: ${DEFAULT_MODEL}, or the scenario's)`).choices(REGISTRY.map((e) => e.name)))
    .option('--spec <module>', 'check your own spec: a module (.js, .mjs, or .ts through tsx) that default-exports a defineSpec spec')
    .option('--scenario <name>', "start from a named scenario of the spec's constants (see `pika-mc scenarios`); other flags override them")
    .option('--const <name=value>', 'set a constant by name, parsed by its type (repeatable; lists as a,b or ["a","b"]); the spec\'s own flags win over it', collect)
    .option('--constants <file.json>', 'set constants from a JSON object of name → value (--const wins over it)');
}

/** Adds to `check` the options for a user's spec, its constants, and where output goes. */
export function addSpecOptions(command: Command): Command {
  return addSpecSourceOptions(command)
    .option('--out <path>', 'write the output there instead of stdout; {invariant} in the path gives each trace its own file')
    .option('--dump-graph <file.dot>', 'also write the reachable state graph in Graphviz DOT, violating states marked (small models only)');
}
