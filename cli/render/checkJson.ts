import type { CheckResult, Constants, Model, SpecFailure, State, Trace } from '../../checker/index.js';
import { parseSource } from './source.js';
import { statesPerSecond } from './stats.js';
import { toJson } from './values.js';
import type { Json } from './values.js';

/** A trace as JSON: the initial state first with a null action, so its length is TLC's trace length. */
export function traceJson<S extends State>(model: Model<S>, trace: Trace<S>): Json {
  return trace.map((step) => ({
    action:
      step.action === null
        ? null
        : {
            name: step.action.name,
            args: step.action.args.map(toJson),
            label: step.action.label,
            ...(step.action.source ? sourceJson(step.action.source) : {}),
          },
    state: stateJson(model, step.state),
  }));
}

/** A step's source as JSON: `source` (its text) and `sourceUrl` when it links to code. */
function sourceJson(source: string): { source: string; sourceUrl?: string } {
  const { text, url } = parseSource(source);
  return url !== undefined ? { source: text, sourceUrl: url } : { source: text };
}

/** A state as JSON: each variable by name. */
export function stateJson<S extends State>(model: Model<S>, state: S): Json {
  return Object.fromEntries(model.variables(state).map(([name, value]) => [name, toJson(value)]));
}

/** A spec failure as JSON: what failed, the message, the state it was evaluated on and the behaviour to it. */
export function failureJson<S extends State>(model: Model<S>, failure: SpecFailure<S>): Json {
  return {
    kind: failure.kind,
    name: failure.name,
    message: failure.message,
    state: failure.state ? stateJson(model, failure.state) : null,
    ...(failure.trace ? { trace: traceJson(model, failure.trace) } : {}),
  };
}

/** What the JSON reports need besides the result: the model's name, the `--spec` module of a user's spec, the exit code. */
export interface JsonExtra {
  readonly model: string;
  readonly module?: string;
  readonly exitCode: number;
}

/** The keys every JSON report begins with: which spec, model, module and constants, the status and the exit code. */
export function headerJson(result: { readonly spec: string; readonly constants: Constants; readonly status: string }, extra: JsonExtra): { [key: string]: Json } {
  return {
    spec: result.spec,
    model: extra.model,
    ...(extra.module !== undefined ? { module: extra.module } : {}),
    constants: { ...result.constants } as Json,
    status: result.status,
    exitCode: extra.exitCode,
  };
}

/** The whole result of a check as one JSON object with stable keys (documented in the README). */
export function checkJson<S extends State>(result: CheckResult<S>, model: Model<S>, extra: JsonExtra): Json {
  return {
    ...headerJson(result, extra),
    ...('bound' in result && result.bound !== undefined ? { bound: result.bound } : {}),
    ...(result.ioError ? { ioError: { path: result.ioError.path, code: result.ioError.code, message: result.ioError.message } } : {}),
    symmetry: [...result.symmetry],
    invariants: result.invariants.map((v) => ({
      name: v.name,
      verdict: v.verdict,
      ...(v.trace ? { traceLength: v.trace.length, trace: traceJson(model, v.trace) } : {}),
    })),
    reachable: (result.reachable ?? []).map((r) => ({
      name: r.name,
      verdict: r.verdict,
      ...(r.trace ? { traceLength: r.trace.length, trace: traceJson(model, r.trace) } : {}),
    })),
    properties: result.properties.map((p) => ({
      name: p.name,
      verdict: p.verdict,
      ...(p.part ? { part: p.part } : {}),
      ...(p.lasso ? { lassoLength: p.lasso.steps.length, loopStart: p.lasso.loopStart, trace: traceJson(model, p.lasso.steps) } : {}),
    })),
    deadlock: result.deadlock ? { traceLength: result.deadlock.length, trace: traceJson(model, result.deadlock) } : null,
    ...(result.status === 'error' ? { error: failureJson(model, result.error) } : {}),
    stats: {
      distinct: result.stats.distinct,
      generated: result.stats.generated,
      depth: result.stats.depth,
      queue: result.stats.queue,
      seconds: Number(result.stats.seconds.toFixed(3)),
      statesPerSecond: statesPerSecond(result.stats),
      collisionProbability: result.stats.collisionProbability,
      exact: result.stats.exact,
      workers: result.stats.workers,
    },
    ...(result.coverage ? { coverage: result.coverage as unknown as Json } : {}),
  };
}
