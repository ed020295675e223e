import type { SimulationResult, SimulationStats, State } from '../../checker/index.js';
import type { TextReport } from './checkText.js';
import { count, counted } from './stats.js';
import { renderTrace } from './trace.js';

/** What the text report of a simulation needs besides the result: what check's needs (no deadlocks are looked for), and how to replay a run. */
export interface SimulateTextReport<S extends State> extends Omit<TextReport<S>, 'deadlockChecked'> {
  /** The command line that replays run `run` of the result's seed. */
  readonly replay: (run: number) => string;
  /** Runs asked for (Infinity with only a time limit). */
  readonly runs: number;
  /** Sampling was stopped by SIGTERM (not SIGINT). */
  readonly terminated?: boolean;
}

/** Said whenever a simulation finds nothing. */
export const PROVES_NOTHING = 'Simulation samples behaviours; finding nothing proves nothing.';

const STOPPED = {
  violation: 'at the first violation',
  deadlock: 'at the first deadlock',
  runs: 'after the runs asked for',
  timeLimit: 'at the --time-limit',
  interrupted: 'by an interrupt',
  error: 'when the spec failed',
} as const;

const SHRINK_INCOMPLETE = '  (shrinking was stopped, by its own time limit, --time-limit or a signal: a shorter trace may exist)';

/** A reported trace's length, and whether and from what it was shrunk. */
function lengthOf(trace: readonly unknown[], original: readonly unknown[] | undefined): string {
  if (original === undefined || trace === original) return `${counted(trace.length, 'state')}, not shrunk`;
  if (trace.length < original.length) return `shrunk from ${original.length} to ${counted(trace.length, 'state')}`;
  return `${counted(trace.length, 'state')} (shrinking found none shorter)`;
}

/** Behaviour lengths as `length×count`, grouped into at most a dozen ranges when there are many. */
export function lengthsLine(lengths: SimulationStats['lengths']): string {
  if (lengths.length === 0) return 'none';
  const total = lengths.reduce((sum, [, n]) => sum + n, 0);
  const mean = lengths.reduce((sum, [length, n]) => sum + length * n, 0) / total;
  const min = (lengths[0] as readonly [number, number])[0];
  const max = (lengths[lengths.length - 1] as readonly [number, number])[0];
  const summary = `min ${min}, mean ${mean.toFixed(1)}, max ${max}`;
  if (lengths.length <= 12) return `${summary}; ${lengths.map(([length, n]) => `${length}×${count(n)}`).join(' ')}`;
  const width = Math.ceil((max - min + 1) / 10);
  const buckets = new Map<number, number>();
  for (const [length, n] of lengths) {
    const start = min + Math.floor((length - min) / width) * width;
    buckets.set(start, (buckets.get(start) ?? 0) + n);
  }
  return `${summary}; ${[...buckets].map(([start, n]) => `${start}–${Math.min(max, start + width - 1)}×${count(n)}`).join(' ')}`;
}

/**
 * The report of a simulation for people: the seed, each invariant's verdict with its shrunk trace and
 * the command that replays it, the original and shrunk lengths, and the sampling figures.
 */
export function renderSimulateText<S extends State>(result: SimulationResult<S>, report: SimulateTextReport<S>): string {
  const c = report.palette;
  const layout = { palette: c, fullStates: report.fullStates, style: { modelValues: new Set(report.model.modelValues) }, indent: '  ' };
  const out: string[] = [];
  out.push(`${c.bold(report.title)}: ${report.variant}`);
  const checked = result.invariants.map((v) => v.name).join(', ') || 'no invariants';
  const runs = Number.isFinite(report.runs) ? `up to ${counted(report.runs, 'behaviour')}` : 'behaviours';
  out.push(c.dim(`Simulating ${runs} of at most ${counted(result.depth, 'state')} from seed ${result.seed}; checking ${checked}; deadlock ${result.deadlockChecked ? 'on' : 'off'}`));
  out.push('');
  for (const verdict of result.invariants) {
    if (verdict.verdict === 'not found') {
      // Sampling stops where the spec fails: what it did not find, it found not before then.
      const where = result.status === 'error' ? 'before the spec failed' : 'in any sampled behaviour';
      out.push(`${c.yellow('?')} ${verdict.name} ${c.yellow('not violated')} ${where}`);
      continue;
    }
    const trace = verdict.trace ?? [];
    out.push(`${c.red('✗')} ${verdict.name} ${c.red.bold('is violated')}: run ${verdict.run} of seed ${result.seed}, ${lengthOf(trace, verdict.originalTrace)}`);
    if (verdict.shrinkIncomplete) out.push(c.yellow(SHRINK_INCOMPLETE));
    out.push(renderTrace(report.model, trace, layout));
    const last = trace[trace.length - 1];
    if (report.explain && last) {
      const meaning = report.explain(verdict.name, last.state);
      if (meaning) out.push(`  ${c.bold('What it means:')} ${meaning.replaceAll('\n', '\n  ')}`);
    }
    out.push(`  ${c.bold('Replay:')} ${report.replay(verdict.run ?? 0)}`);
    out.push('');
  }
  if (result.deadlock) {
    const { trace, originalTrace, run, shrinkIncomplete } = result.deadlock;
    out.push(`${c.red('✗')} ${c.red.bold('Deadlock reached')}: run ${run} of seed ${result.seed}, ${lengthOf(trace, originalTrace)}`);
    if (shrinkIncomplete) out.push(c.yellow(SHRINK_INCOMPLETE));
    out.push(renderTrace(report.model, trace, layout));
    out.push(`  ${c.bold('Replay:')} ${report.replay(run)}`);
    out.push('');
  }
  if (result.status === 'error') {
    const e = result.error;
    out.push(`${c.red('✗')} ${c.red.bold(`The spec failed while evaluating ${e.kind} ${e.name}`)} in run ${result.run}: ${e.message}`);
    if (e.trace) {
      out.push('  The behaviour up to the state it failed on:');
      out.push(renderTrace(report.model, e.trace, layout));
    }
    out.push(`  ${c.bold('Replay:')} ${report.replay(result.run)}`);
    out.push('');
  }
  if (result.status === 'not found') {
    out.push(c.yellow(PROVES_NOTHING));
    out.push('');
  }
  const s = result.stats;
  out.push(
    `${c.bold('Statistics:')} ${counted(s.behaviours, 'behaviour')}, ${counted(s.states, 'state')} visited; ` +
      `${s.seconds.toFixed(2)} s (${count(Math.round(s.behavioursPerSecond))} behaviours/s), stopped ${result.stopped === 'interrupted' && report.terminated === true ? 'by SIGTERM' : STOPPED[result.stopped]}` +
      (s.shrinkSeconds >= 0.005 ? `; shrinking ${s.shrinkSeconds.toFixed(2)} s` : ''),
  );
  out.push(`${c.bold('Behaviour lengths:')} ${lengthsLine(s.lengths)}`);
  out.push(`${c.bold('Actions taken:')} ${s.actions.map((a) => `${a.name} ${count(a.taken)}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}
