import { is } from 'immutable';
import { successorsOf } from '../../checker/index.js';
import type { CheckResult, Model, State, Stats } from '../../checker/index.js';
import type { NamedTrace } from '../traces.js';
import { formatTla } from './values.js';

const two = (n: number): string => String(n).padStart(2, '0');

/** A date as TLC prints it: `yyyy-MM-dd HH:mm:ss`, local time. */
export function tlcDate(date: Date): string {
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** A duration as TLC's `Finished in` line prints it: `04s`, `01min 05s`, `02h 10min`. */
export function tlcDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${two(s)}s`;
  if (s < 3600) return `${two(Math.floor(s / 60))}min ${two(s % 60)}s`;
  return `${two(Math.floor(s / 3600))}h ${two(Math.floor((s % 3600) / 60))}min`;
}

/** A state as TLC prints it: `/\ var = value` per variable (a lone variable drops the `/\ ` and keeps its name, `var = value`). */
export function tlcState<S extends State>(model: Model<S>, state: S): string {
  const style = { modelValues: new Set(model.modelValues) };
  const vars = model.variables(state);
  const lines = vars.map(([name, value]) => `${name} = ${formatTla(value, style)}`);
  return lines.length === 1 ? (lines[0] as string) : lines.map((line) => `/\\ ${line}`).join('\n');
}

/** The numbered states of a behaviour, TLC's `State n: <Action>` blocks, with a lasso's ending. */
export function tlcStates<S extends State>(model: Model<S>, named: NamedTrace<S>): string {
  const blocks = named.trace.map((step, i) => {
    const header = step.action === null ? '<Initial predicate>' : `<${step.action.label}>`;
    return `State ${i + 1}: ${header}\n${tlcState(model, step.state)}\n`;
  });
  if (named.loopStart !== undefined) {
    const n = named.trace.length + 1;
    if (named.loopStart === null) blocks.push(`State ${n}: Stuttering`);
    else {
      const last = named.trace[named.trace.length - 1];
      const target = named.trace[named.loopStart];
      const back = last && target ? successorsOf(model, last.state).find((s) => is(s.state, target.state)) : undefined;
      blocks.push(`Back to state ${named.loopStart + 1}${back ? `: <${back.instance.label}>` : ''}`);
    }
  }
  return blocks.join('\n');
}

/** One finding as TLC reports it: its `Error:` lines, then the behaviour. */
export function tlcFinding<S extends State>(model: Model<S>, named: NamedTrace<S>, failure?: string): string {
  const first = named.trace[0];
  switch (named.kind) {
    case 'invariant':
      if (named.trace.length === 1 && first) return `Error: Invariant ${named.name} is violated by the initial state:\n${tlcState(model, first.state)}\n`;
      return `Error: Invariant ${named.name} is violated.\nError: The behavior up to this point is:\n${tlcStates(model, named)}`;
    case 'witness':
      return `Reachability property ${named.name} is reached.\nThe behavior up to this point is:\n${tlcStates(model, named)}`;
    case 'property':
      return `Error: Temporal property ${named.name} was violated.\n\nError: The following behavior constitutes a counter-example:\n\n${tlcStates(model, named)}\n`;
    case 'deadlock':
      return `Error: Deadlock reached.\nError: The behavior up to this point is:\n${tlcStates(model, named)}`;
    case 'error':
      return `Error: ${failure ?? 'The spec failed'}\nError: The behavior up to this point is:\n${tlcStates(model, named)}`;
    case 'trace':
      return `Error: The behavior up to this point is:\n${tlcStates(model, named)}`;
  }
}

/** TLC's closing lines: states generated, depth, and when it finished. */
export function tlcClosing(stats: Stats, finished: Date): string {
  return [
    `${stats.generated} states generated, ${stats.distinct} distinct states found, ${stats.queue} states left on queue.`,
    `The depth of the complete state graph search is ${stats.depth}.`,
    `Finished in ${tlcDuration(stats.seconds)} at (${tlcDate(finished)})`,
  ].join('\n');
}

function probability(p: number): string {
  return p === 0 ? '0.0' : p.toExponential(1).toUpperCase().replace('E+', 'E');
}

/**
 * A check result in TLC's own words, so that people and tools used to TLC read it unchanged: each
 * finding's `Error:` lines and `State n:` blocks in TLA+ value syntax, or TLC's success message, then
 * TLC's closing statistics. Not TLC's banner, and no source locations (the spec has no TLA+ module).
 * Never coloured: tools parse these lines.
 */
export function renderTlc<S extends State>(result: CheckResult<S>, model: Model<S>, traces: readonly NamedTrace<S>[], finished: Date): string {
  const out: string[] = [];
  for (const named of traces) {
    // TLC has no reachability properties: a witness is left out, so TLC's tools read the rest unchanged.
    if (named.kind === 'witness') continue;
    const failure = result.status === 'error' ? `The spec failed while evaluating ${result.error.kind} ${result.error.name}: ${result.error.message}` : undefined;
    out.push(tlcFinding(model, named, failure));
  }
  // One never reached is an error line of its own.
  for (const r of result.reachable ?? []) if (r.verdict === 'unreached') out.push(`Error: Reachability property ${r.name} is never reached.`);
  if (result.status === 'error' && !traces.some((t) => t.kind === 'error')) {
    out.push(`Error: The spec failed while evaluating ${result.error.kind} ${result.error.name}: ${result.error.message}`);
  }
  if (result.status === 'ok') {
    out.push(
      [
        'Model checking completed. No error has been found.',
        '  Estimates of the probability that TLC did not check all reachable states',
        '  because two distinct states had the same fingerprint:',
        `  calculated (optimistic):  val = ${probability(result.stats.collisionProbability)}`,
      ].join('\n'),
    );
  }
  out.push(tlcClosing(result.stats, finished));
  return `${out.join('\n')}\n`;
}
