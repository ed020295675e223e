import { resolve } from 'node:path';
import { exploreGraph } from '../checker/explore/graph.js';
import { SpecEvaluationError, UsageError } from '../checker/index.js';
import type { Model, State } from '../checker/index.js';
import type { CliIo } from './io.js';
import { writeOutFile } from './output.js';
import { dotGraph } from './render/dot.js';
import { count, counted } from './render/stats.js';

/** The most states `--dump-graph` draws: a DOT file beyond that is unreadable anyway. */
export const GRAPH_LIMIT = 10_000;

/** What `--dump-graph` needs from the options of `check`. */
export interface GraphDumpOptions {
  readonly dumpGraph: string;
  readonly invariant?: readonly string[];
  readonly deadlock: boolean;
  readonly quiet: boolean;
}

/**
 * Writes the reachable state graph as Graphviz DOT, before the check runs; refuses (a UsageError)
 * a space of more than `limit` states. A spec that fails while the graph is drawn gets no file: the
 * check that follows reports the failure.
 */
export function dumpGraph(model: Model<State>, options: GraphDumpOptions, io: CliIo, limit = GRAPH_LIMIT): void {
  let outcome;
  try {
    outcome = exploreGraph(model, {
      limit,
      deadlock: options.deadlock,
      ...(options.invariant ? { invariants: options.invariant } : {}),
    });
  } catch (error) {
    if (error instanceof SpecEvaluationError) {
      io.err(`--dump-graph: no graph written: the spec failed (${error.message})\n`);
      return;
    }
    throw error;
  }
  if (outcome.kind === 'tooLarge') {
    throw new UsageError(
      `--dump-graph: the state graph has more than ${count(outcome.limit)} states, too many to draw; it is meant for small models (try smaller constants)`,
    );
  }
  const path = resolve(io.cwd, options.dumpGraph);
  writeOutFile(path, dotGraph(model, outcome));
  if (!options.quiet) io.err(`wrote ${path} (${counted(outcome.nodes.length, 'state')}, ${counted(outcome.edges.length, 'step')})\n`);
}
