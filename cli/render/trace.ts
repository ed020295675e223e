import type { ChalkInstance } from 'chalk';
import { is } from 'immutable';
import type { Model, State, Trace } from '../../checker/index.js';
import { parseSource } from './source.js';
import { formatText } from './values.js';
import type { ValueStyle } from './values.js';

/** How to print a trace for people. */
export interface TraceLayout {
  readonly palette: ChalkInstance;
  /** Print every variable of every state (unchanged ones dimmed) instead of only the changed ones. */
  readonly fullStates: boolean;
  readonly style: ValueStyle;
  readonly indent: string;
}

/**
 * A trace as numbered steps: the action instance and its source location, then the variables that
 * changed in that step (highlighted); the initial state shows every variable.
 */
export function renderTrace<S extends State>(model: Model<S>, trace: Trace<S>, layout: TraceLayout): string {
  const { palette: c, indent } = layout;
  const lines: string[] = [];
  let previous: Map<string, unknown> | undefined;
  trace.forEach((step, i) => {
    const vars = new Map(model.variables(step.state));
    const number = c.bold(`${String(i + 1).padStart(String(trace.length).length)}.`);
    if (step.action === null) {
      lines.push(`${indent}${number} ${c.cyan('<Initial predicate>')}`);
    } else {
      const link = step.action.source ? parseSource(step.action.source) : undefined;
      const source = link ? `  ${c.dim(link.text)}${link.url ? ` ${c.dim.underline(`<${link.url}>`)}` : ''}` : '';
      lines.push(`${indent}${number} ${c.cyan.bold(step.action.label)}${source}`);
    }
    const pad = `${indent}${' '.repeat(String(trace.length).length + 2)}`;
    let unchanged = 0;
    for (const [name, value] of vars) {
      const changed = previous === undefined || !is(previous.get(name), value);
      const text = `${name} = ${formatText(value, layout.style)}`;
      if (previous === undefined) lines.push(`${pad}${text}`);
      else if (changed) lines.push(`${pad}${c.yellow(text)}`);
      else if (layout.fullStates) lines.push(`${pad}${c.dim(text)}`);
      else unchanged++;
    }
    if (unchanged > 0 && previous !== undefined && vars.size === unchanged) lines.push(`${pad}${c.dim('(no variable changed)')}`);
    previous = vars;
  });
  return lines.join('\n');
}
