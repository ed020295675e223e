import type { ChalkInstance } from 'chalk';
import { is } from 'immutable';
import { successorsOf } from '../../checker/index.js';
import type { Model, PropertyVerdict, State } from '../../checker/index.js';
import { renderTrace } from './trace.js';
import type { TraceLayout } from './trace.js';
import { counted } from './stats.js';

/** How a lasso ends, as TLC says it: `Back to state k: <Action>` or `State n: Stuttering`. */
export function lassoEnding<S extends State>(model: Model<S>, verdict: PropertyVerdict<S>): string {
  const lasso = verdict.lasso;
  if (!lasso) return '';
  if (lasso.loopStart === null) return `State ${lasso.steps.length + 1}: Stuttering`;
  const last = lasso.steps[lasso.steps.length - 1]?.state as S;
  const target = lasso.steps[lasso.loopStart]?.state as S;
  const back = successorsOf(model, last).find((s) => is(s.state, target));
  return `Back to state ${lasso.loopStart + 1}${back ? `: ${back.instance.label}` : ''}`;
}

/** A temporal property's verdict for people, with its lasso when violated. */
export function renderProperty<S extends State>(model: Model<S>, verdict: PropertyVerdict<S>, layout: TraceLayout, c: ChalkInstance): string {
  if (verdict.verdict === 'holds') return `${c.green('✓')} property ${verdict.name} ${c.green('holds')}`;
  if (verdict.verdict === 'unknown') return `${c.yellow('?')} property ${verdict.name} ${c.yellow('unknown')} (the run stopped before it was decided)`;
  const lasso = verdict.lasso;
  const part = verdict.part ? ` (for ${verdict.part})` : '';
  const lines = [`${c.red('✗')} property ${verdict.name}${part} ${c.red.bold('is violated')}: a behaviour of ${counted(lasso?.steps.length ?? 0, 'distinct state')} that never satisfies it`];
  if (lasso) lines.push(renderTrace(model, lasso.steps, layout), `  ${c.bold(lassoEnding(model, verdict))}`);
  return `${lines.join('\n')}\n`;
}
