import type { Command } from 'commander';
import { collect } from './parse.js';

/** Adds the options that pick a user's spec and set constants by name (`check` and `simulate`). */
export function addSpecSourceOptions(command: Command): Command {
  return command
    .option('--spec <module>', 'check your own spec: a module (.js, .mjs, or .ts through tsx) that default-exports a defineSpec spec')
    .option('--const <name=value>', 'set a constant by name, parsed by its type (repeatable; lists as a,b or ["a","b"]); model flags win over it', collect)
    .option('--constants <file.json>', 'set constants from a JSON object of name → value (--const wins over it)');
}

/** Adds to `check` the options for a user's spec, its constants, and where output goes. */
export function addSpecOptions(command: Command): Command {
  return addSpecSourceOptions(command)
    .option('--out <path>', 'write the output there instead of stdout; {invariant} in the path gives each trace its own file')
    .option('--dump-graph <file.dot>', 'also write the reachable state graph in Graphviz DOT, violating states marked (small models only)');
}
