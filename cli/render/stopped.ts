import type { Progress } from '../../checker/index.js';
import type { RunStart } from '../io.js';
import { count, counted } from './stats.js';

/** Why the supervisor ended a run from outside. */
export type EndedBy = 'timeLimit' | 'SIGINT' | 'SIGTERM';

const ENDED_TEXT: { readonly [why in EndedBy]: string } = {
  timeLimit: 'the --time-limit bound',
  SIGINT: 'an interrupt',
  SIGTERM: 'SIGTERM',
};

/** What is known of a run that was ended from outside, because the spec did not hand control back. */
export interface EndedRun {
  readonly run: RunStart;
  readonly endedBy: EndedBy;
  /** Figures of the last level expanded in full, if one was. */
  readonly last: Progress | undefined;
  readonly graceSeconds: number;
  readonly exitCode: number;
  /** A checkpoint write was still going on when the run was ended. */
  readonly writing?: boolean;
}

/**
 * The report of a run ended from outside, in the run's own format: no verdict is known (the traces
 * found so far cannot be rebuilt without the spec), only, for `check`, the figures of the last
 * finished level. Empty for the trace formats (ITF, Mermaid), which have no trace to hold.
 */
export function renderEndedRun(ended: EndedRun): string {
  const why = ended.writing
    ? `the last checkpoint was still being written ${ended.graceSeconds} s after the run was to stop, so the run was ended without it`
    : `the spec did not hand control back within ${ended.graceSeconds} s, so the run was ended`;
  return ended.run.command === 'simulate' ? endedSimulation(ended, why) : endedCheck(ended, why);
}

/**
 * The JSON report of a run ended from outside: the keys that name the run, `status`, the exit code,
 * the command's own key (`stopKey`) for what stopped it, `ended`, every invariant unknown, then `rest`.
 */
function endedJson(ended: EndedRun, why: string, status: string, stopKey: 'bound' | 'stopped', rest: { [key: string]: unknown }): string {
  const { run } = ended;
  const json = {
    spec: run.spec,
    model: run.model,
    ...(run.module !== undefined ? { module: run.module } : {}),
    constants: run.constants,
    status,
    exitCode: ended.exitCode,
    [stopKey]: ended.endedBy === 'timeLimit' ? 'timeLimit' : 'interrupted',
    ended: why,
    invariants: run.invariants.map((name) => ({ name, verdict: 'unknown' })),
    ...rest,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function endedCheck(ended: EndedRun, why: string): string {
  const { run, last } = ended;
  if (run.format === 'json') {
    const stats = last ? { distinct: last.distinct, generated: last.generated, depth: last.depth, queue: last.queue, seconds: Number(last.seconds.toFixed(3)) } : null;
    return endedJson(ended, why, 'incomplete', 'bound', { stats });
  }
  if (run.format !== 'text' && run.format !== 'tlc') return '';
  const lines = [
    `${run.title}: ${run.variant}`,
    `Stopped by ${ENDED_TEXT[ended.endedBy]} before the whole state space was explored: ${why}.`,
    ...run.invariants.map((name) => `? ${name} unknown`),
    last
      ? `Statistics of the last finished level: ${counted(last.distinct, 'distinct state')}, ${count(last.generated)} generated, depth ${last.depth}, ${count(last.queue)} left on queue; ${last.seconds.toFixed(2)} s`
      : 'Statistics: no level was finished.',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A simulation keeps its figures and findings in the run's thread: ended from outside, it reports
 * none. Its JSON has simulate's keys, with status `not found` (nothing is reported found) and
 * `stopped` as a simulation stopped by the same bound says it.
 */
function endedSimulation(ended: EndedRun, why: string): string {
  const { run } = ended;
  if (run.format === 'json') {
    return endedJson(ended, why, 'not found', 'stopped', { deadlock: null, stats: null });
  }
  if (run.format !== 'text') return '';
  const lines = [
    `${run.title}: ${run.variant}`,
    `Stopped by ${ENDED_TEXT[ended.endedBy]} while simulating: ${why}.`,
    ...run.invariants.map((name) => `? ${name} unknown`),
    "Statistics: none; the behaviours sampled, and what they found, were lost with the run's thread.",
  ];
  return `${lines.join('\n')}\n`;
}
