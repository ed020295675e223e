import type { Model, SimulationResult, State } from '../../checker/index.js';
import { failureJson, headerJson, traceJson } from './checkJson.js';
import type { JsonExtra } from './checkJson.js';
import type { Json } from './values.js';

/** What the JSON report needs besides the result. */
export interface SimulateJsonExtra extends JsonExtra {
  /** The command line that replays the first violation, when there is one. */
  readonly replay?: string;
}

/**
 * A simulation as one JSON object: `check`'s keys (`invariants` with `verdict` and `trace`, `status`,
 * `exitCode`) plus the seed, the run index that replays the violation, and sampling statistics.
 */
export function simulateJson<S extends State>(result: SimulationResult<S>, model: Model<S>, extra: SimulateJsonExtra): Json {
  const runs = [...result.invariants.flatMap((v) => (v.run !== undefined ? [v.run] : [])), ...(result.deadlock ? [result.deadlock.run] : [])];
  const run = result.status === 'error' ? result.run : runs.length > 0 ? Math.min(...runs) : null;
  return {
    ...headerJson(result, extra),
    seed: result.seed,
    run,
    ...(extra.replay !== undefined ? { replay: extra.replay } : {}),
    depth: result.depth,
    stopped: result.stopped,
    invariants: result.invariants.map((v) => ({
      name: v.name,
      verdict: v.verdict,
      ...(v.run !== undefined ? { run: v.run } : {}),
      ...(v.originalTrace ? { originalLength: v.originalTrace.length } : {}),
      ...(v.trace ? { traceLength: v.trace.length, trace: traceJson(model, v.trace) } : {}),
      ...(v.shrinkIncomplete ? { shrinkIncomplete: true } : {}),
    })),
    deadlock: result.deadlock
      ? {
          run: result.deadlock.run,
          originalLength: result.deadlock.originalTrace.length,
          traceLength: result.deadlock.trace.length,
          trace: traceJson(model, result.deadlock.trace),
          ...(result.deadlock.shrinkIncomplete ? { shrinkIncomplete: true } : {}),
        }
      : null,
    ...(result.status === 'error' ? { error: failureJson(model, result.error) } : {}),
    stats: {
      behaviours: result.stats.behaviours,
      states: result.stats.states,
      seconds: Number(result.stats.seconds.toFixed(3)),
      behavioursPerSecond: Math.round(result.stats.behavioursPerSecond),
      lengths: Object.fromEntries(result.stats.lengths.map(([length, count]) => [String(length), count])),
      actions: Object.fromEntries(result.stats.actions.map((a) => [a.name, a.taken])),
      shrinkSeconds: Number(result.stats.shrinkSeconds.toFixed(3)),
      workers: result.stats.workers,
    },
  };
}
