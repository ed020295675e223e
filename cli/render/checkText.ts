import type { ChalkInstance } from 'chalk';
import type { CheckResult, Model, State } from '../../checker/index.js';
import { collisionLine, counted, statsLine, stoppedByText } from './stats.js';
import { renderTrace } from './trace.js';
import { renderCoverage } from './coverage.js';
import { renderProperty } from './lasso.js';

function fairnessText<S extends State>(model: Model<S>): string {
  if (model.fairness.length === 0) return 'no fairness';
  const names = model.fairness.map((f) => {
    const action = typeof f.action === 'string' ? f.action : f.action.join(' \\/ ');
    return `${f.kind === 'weak' ? 'WF' : 'SF'}(${action}${f.args ? `(${f.args.map(String).join(', ')})` : ''})`;
  });
  return names.length > 4 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

/** What the text report needs besides the result. */
export interface TextReport<S extends State> {
  readonly model: Model<S>;
  readonly title: string;
  readonly variant: string;
  readonly palette: ChalkInstance;
  readonly fullStates: boolean;
  readonly explain?: (invariant: string, state: S) => string;
  readonly deadlockChecked: boolean;
  /** The run was stopped by SIGTERM (not SIGINT). */
  readonly terminated?: boolean;
}

/** The report of one check for people: the variant, each invariant's verdict with its trace, the figures. */
export function renderCheckText<S extends State>(result: CheckResult<S>, report: TextReport<S>): string {
  const c = report.palette;
  const style = { modelValues: new Set(report.model.modelValues) };
  const layout = { palette: c, fullStates: report.fullStates, style, indent: '  ' };
  const out: string[] = [];
  out.push(`${c.bold(report.title)}: ${report.variant}`);
  const checked = result.invariants.map((v) => v.name).join(', ') || 'no invariants';
  const symmetry = result.symmetry.length > 0 ? `; symmetry over ${result.symmetry.join(', ')}` : '';
  const reachable = (result.reachable ?? []).length > 0 ? `; reachable ${(result.reachable ?? []).map((r) => r.name).join(', ')}` : '';
  const properties = result.properties.length > 0 ? `; properties ${result.properties.map((p) => p.name).join(', ')} under ${fairnessText(report.model)}` : '';
  out.push(c.dim(`Checking ${checked}; deadlock ${report.deadlockChecked ? 'on' : 'off'}${reachable}${symmetry}${properties}`));
  out.push('');
  for (const verdict of result.invariants) {
    if (verdict.verdict === 'holds') out.push(`${c.green('✓')} ${verdict.name} ${c.green('holds')}`);
    else if (verdict.verdict === 'unknown') out.push(`${c.yellow('?')} ${verdict.name} ${c.yellow('unknown')} (not violated before the run stopped)`);
    else {
      const trace = verdict.trace ?? [];
      out.push(`${c.red('✗')} ${verdict.name} ${c.red.bold('is violated')}: shortest trace, ${counted(trace.length, 'state')}`);
      out.push(renderTrace(report.model, trace, layout));
      const last = trace[trace.length - 1];
      if (report.explain && last) {
        const meaning = report.explain(verdict.name, last.state);
        if (meaning) out.push(`  ${c.bold('What it means:')} ${meaning.replaceAll('\n', '\n  ')}`);
      }
      out.push('');
    }
  }
  for (const witness of result.reachable ?? []) {
    if (witness.verdict === 'unknown') out.push(`${c.yellow('?')} ${witness.name} ${c.yellow('unknown')} (not reached before the run stopped)`);
    else if (witness.verdict === 'unreached') out.push(`${c.red('✗')} ${witness.name} ${c.red.bold('is never reached')} in the whole state space`);
    else {
      const trace = witness.trace ?? [];
      out.push(`${c.green('✓')} ${witness.name} ${c.green('reached')}: shortest trace, ${counted(trace.length, 'state')}`);
      out.push(renderTrace(report.model, trace, layout));
      out.push('');
    }
  }
  for (const property of result.properties) out.push(renderProperty(report.model, property, layout, c));
  if (result.deadlock) {
    out.push(`${c.red('✗')} ${c.red.bold('Deadlock reached')}: shortest trace, ${counted(result.deadlock.length, 'state')}`);
    out.push(renderTrace(report.model, result.deadlock, layout));
    out.push('');
  }
  if (result.status === 'error') {
    const e = result.error;
    out.push(`${c.red('✗')} ${c.red.bold(`The spec failed while evaluating ${e.kind} ${e.name}`)}: ${e.message}`);
    if (e.trace) {
      out.push('  The behaviour up to the state it failed on:');
      out.push(renderTrace(report.model, e.trace, layout));
    }
    out.push('');
  }
  if ('bound' in result && result.bound !== undefined) {
    out.push(c.yellow(stoppedByText(result.bound, report.terminated)));
  }
  out.push(`${c.bold('Statistics:')} ${statsLine(result.stats)}`);
  out.push(c.dim(collisionLine(result.stats)));
  if (result.coverage) out.push('', renderCoverage(result.coverage, c));
  return `${out.join('\n')}\n`;
}
