import { is } from 'immutable';
import type { Model, State } from '../../../checker/index.js';
import type { Participants } from '../mermaid.js';
import type { NamedTrace } from '../../traces.js';
import { formatText } from '../values.js';
import type { ValueStyle } from '../values.js';
import { HEAD_HEIGHT, ROW_HEIGHT, sequenceDiagram } from './diagram.js';
import { compactDiff } from './diff.js';
import { escapeHtml } from './escape.js';
import { sourceHtml, sourceLink, sourceText } from './source.js';

/** How one trace is shown: what it is, and what it means where it ends. */
export interface TraceView<S extends State = State> {
  /** Unique in the page; the section's anchor. */
  readonly id: string;
  readonly heading: string;
  readonly named: NamedTrace<S>;
  /** What the property or invariant says, when the spec describes it. */
  readonly description?: string;
  /** What the last state means, said once at the violating step. */
  readonly meaning?: string;
  /** A lasso's ending: `back to state 3: Flip`, `stutters for ever`. */
  readonly loopLabel?: string;
  /** The step selected at first (default: the last). */
  readonly selected?: number;
  /** Whether the last state is the one that violates what the trace shows. */
  readonly violation?: boolean;
}

/** The variables of a state as a table, the changed ones highlighted. */
export function stateTable(vars: readonly (readonly [string, unknown])[], changed: ReadonlySet<string>, style: ValueStyle): string {
  const rows = vars.map(
    ([name, value]) =>
      `<tr${changed.has(name) ? ' class="changed"' : ''}><th>${escapeHtml(name)}</th><td>${escapeHtml(formatText(value, style))}</td></tr>`,
  );
  return `<table class="vars">${rows.join('')}</table>`;
}

/** The compact diff of a step as a list (`step[c1]: 5 → 6`), or a line saying nothing changed. */
export function diffList(before: readonly (readonly [string, unknown])[] | undefined, after: readonly (readonly [string, unknown])[], style: ValueStyle): string {
  if (before === undefined) return '<p class="muted">The initial state.</p>';
  const changes = compactDiff(before, after, style);
  if (changes.length === 0) return '<p class="muted">No variable changed (a stuttering step).</p>';
  return `<ul class="diff">${changes.map((c) => `<li><code>${escapeHtml(c.path)}</code> ${escapeHtml(c.text)}</li>`).join('')}</ul>`;
}

/** Lanes of a trace's diagram: the mapping's own, then the others in order of appearance. */
export function lanesOf<S extends State>(model: Model<S>, participants: Participants, trace: NamedTrace<S>['trace']): string[] {
  const order = [...participants.fixed(model)];
  for (const step of trace) {
    if (!step.action) continue;
    const arrow = participants.arrow(step.action);
    for (const who of [arrow.from, arrow.to]) if (!order.includes(who)) order.push(who);
  }
  return order;
}

/**
 * One trace as a section: the sequence diagram, the step list beside it, and for each step the
 * whole state with what changed highlighted and the compact diff against the step before. Only the
 * selected step's state is shown; the page's script moves the selection (click, ← and →).
 */
export function traceSection<S extends State>(model: Model<S>, participants: Participants, view: TraceView<S>): string {
  const style = { modelValues: new Set(model.modelValues) };
  const trace = view.named.trace;
  const n = trace.length;
  const selected = Math.min(Math.max(view.selected ?? n - 1, 0), n - 1);
  const violation = view.violation ?? (view.named.kind !== 'trace' && view.named.kind !== 'witness');
  const vars = trace.map((step) => model.variables(step.state));
  const descriptions = new Map(model.actions.map((a) => [a.name, a.description]));
  const rows = trace.map((step) => (step.action ? { arrow: participants.arrow(step.action), label: step.action.label } : { label: 'initial state' }));
  const diagram = sequenceDiagram({
    id: view.id,
    lanes: lanesOf(model, participants, trace),
    rows,
    selected,
    violation,
    ...(view.named.loopStart !== undefined ? { loop: { start: view.named.loopStart, label: view.loopLabel ?? '' } } : {}),
  });
  const items = trace.map((step, i) => {
    const cls = [i === selected ? 'sel' : '', view.named.loopStart === i ? 'loopstart' : '', violation && i === n - 1 ? 'bad' : ''].filter((c) => c).join(' ');
    const label = step.action ? escapeHtml(step.action.label) : '<span class="muted">initial state</span>';
    const link = step.action?.source !== undefined ? sourceLink(step.action.source) : '';
    const title = step.action?.source !== undefined ? ` title="${escapeHtml(sourceText(step.action.source))}"` : '';
    return `<li data-step="${i}"${cls ? ` class="${cls}"` : ''}${title} tabindex="0" style="height:${ROW_HEIGHT}px"><span class="n">${i + 1}</span> <span class="label">${label}</span>${link}</li>`;
  });
  const panels = trace.map((step, i) => {
    const before = i > 0 ? vars[i - 1] : undefined;
    const previous = before ? new Map(before) : undefined;
    const changed = new Set(previous ? (vars[i] ?? []).filter(([name, value]) => !is(previous.get(name), value)).map(([name]) => name) : []);
    const title = step.action ? escapeHtml(step.action.label) : 'the initial state';
    const description = step.action ? descriptions.get(step.action.name) : undefined;
    const where = step.action?.source !== undefined ? `<p class="where">Code: ${sourceHtml(step.action.source)}</p>` : '';
    const what = description ? `<p class="what">${escapeHtml(description)}</p>` : '';
    const meaning = i === n - 1 && view.meaning ? `<p class="meaning"><strong>What it means:</strong> ${escapeHtml(view.meaning)}</p>` : '';
    const loop = i === n - 1 && view.loopLabel ? `<p class="loopnote">↺ Then ${escapeHtml(view.loopLabel)}.</p>` : '';
    return (
      `<div class="state${i === selected ? ' sel' : ''}" data-step="${i}"${i === selected ? '' : ' hidden'}>` +
      `<h4>State ${i + 1} of ${n}: <span class="label">${title}</span></h4>${where}${what}${meaning}${loop}` +
      `<h5>Changes</h5>${diffList(before, vars[i] ?? [], style)}` +
      `<h5>Whole state</h5>${stateTable(vars[i] ?? [], changed, style)}</div>`
    );
  });
  const printed = trace
    .map((step, i) => {
      const label = step.action ? escapeHtml(step.action.label) : 'initial state';
      const body = i === 0 ? stateTable(vars[0] ?? [], new Set(), style) : diffList(vars[i - 1], vars[i] ?? [], style);
      const src = step.action?.source !== undefined ? ` <span class="muted">${escapeHtml(sourceText(step.action.source))}</span>` : '';
      return `<li><strong>${label}</strong>${src}${body}</li>`;
    })
    .join('');
  return (
    `<section class="trace" id="${escapeHtml(view.id)}" data-steps="${n}" data-sel="${selected}">` +
    `<h3>${escapeHtml(view.heading)}</h3>` +
    (view.description ? `<p class="desc">${escapeHtml(view.description)}</p>` : '') +
    (view.meaning ? `<p class="meaning"><strong>What it means:</strong> ${escapeHtml(view.meaning)}</p>` : '') +
    `<p class="hint noprint">Click a step, or use ← and →, to see its state.</p>` +
    `<div class="trace-body"><div class="seq"><ol class="steps" style="padding-top:${HEAD_HEIGHT}px">${items.join('')}</ol>` +
    `<div class="diagram-box">${diagram}</div></div>` +
    `<div class="panel">${panels.join('')}</div></div>` +
    `<ol class="printsteps">${printed}</ol>` +
    `</section>`
  );
}
