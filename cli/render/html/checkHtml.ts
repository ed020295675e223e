import type { CheckResult, Constants, Model, Spec, State } from '../../../checker/index.js';
import type { Participants } from '../mermaid.js';
import { lassoEnding } from '../lasso.js';
import { collisionLine, count, counted, statesPerSecond, stoppedByText } from '../stats.js';
import { traceTitle, tracesOf } from '../../traces.js';
import type { NamedTrace } from '../../traces.js';
import { escapeHtml } from './escape.js';
import { lanesFor } from './lanes.js';
import { htmlPage } from './page.js';
import { TRACE_SCRIPT } from './traceScript.js';
import { traceSection } from './traceView.js';
import type { TraceView } from './traceView.js';

/** What the HTML report says of the run besides its result. */
export interface HtmlRunContext<S extends State = State> {
  readonly model: Model<S>;
  /** The spec the model was compiled from: where its actions declare their actors. */
  readonly spec?: Spec<State, Constants>;
  readonly title: string;
  readonly variant: string;
  readonly exitCode: number;
  /** The run was stopped by SIGTERM (not SIGINT). */
  readonly terminated?: boolean;
  /** The options of the run as people typed them: `--max-depth` → `20`. */
  readonly options: readonly (readonly [string, string])[];
  readonly explain?: (invariant: string, state: S) => string;
  readonly deadlockChecked: boolean;
  /** The page this report belongs to (a ci run's index), linked above the title. */
  readonly index?: { readonly href: string; readonly text: string };
}

/** The link back to the page a report belongs to, above its title. */
export function indexLink(index: { readonly href: string; readonly text: string } | undefined): string {
  return index ? `<nav class="up"><a href="${escapeHtml(index.href)}">← ${escapeHtml(index.text)}</a></nav>` : '';
}

/**
 * The anchor of each trace in a page (`trace-invariant-NoDuplicateApply`), in the order given: its
 * name with each character but letters, digits, `_` and `-` made `_`, and `-2`, `-3`… after an
 * anchor an earlier trace has (`a/b` and `a_b`), so that each link goes to its own trace.
 */
export function traceAnchors<S extends State>(traces: readonly NamedTrace<S>[]): Map<NamedTrace<S>, string> {
  const taken = new Set<string>();
  const anchors = new Map<NamedTrace<S>, string>();
  for (const named of traces) {
    const base = `trace-${named.kind}-${named.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    let anchor = base;
    for (let n = 2; taken.has(anchor); n++) anchor = `${base}-${n}`;
    taken.add(anchor);
    anchors.set(named, anchor);
  }
  return anchors;
}

function verdictCell(verdict: string): string {
  const marks: { readonly [verdict: string]: string } = { holds: '✓ holds', violated: '✗ violated', reached: '✓ reached', unreached: '✗ never reached' };
  const mark = marks[verdict] ?? '? unknown';
  return `<td class="v ${verdict}">${mark}</td>`;
}

const STATUS_TEXT: { readonly [status: string]: string } = {
  ok: 'everything checked holds',
  violation: 'violated',
  deadlock: 'deadlock reached',
  // Short: the notice beside the badge names the bound in the text report's sentence.
  incomplete: 'incomplete',
  error: 'the spec failed',
};

function statusBadge<S extends State>(result: CheckResult<S>): string {
  const violated =
    result.invariants.filter((v) => v.verdict === 'violated').length +
    (result.reachable ?? []).filter((r) => r.verdict === 'unreached').length +
    result.properties.filter((p) => p.verdict === 'violated').length;
  if (result.status === 'ok') return `<span class="status ok">✓ ${STATUS_TEXT['ok']}</span>`;
  if (result.status === 'incomplete' && violated === 0) return `<span class="status unknown">? ${STATUS_TEXT['incomplete']}</span>`;
  const what = violated > 0 ? `${violated} violated` : (STATUS_TEXT[result.status] ?? result.status);
  return `<span class="status bad">✗ ${escapeHtml(what)}</span>`;
}

function runFacts<S extends State>(result: CheckResult<S>, context: HtmlRunContext<S>): string {
  const s = result.stats;
  const constants = Object.entries(result.constants).map(([k, v]) => `${k} = ${Array.isArray(v) ? `{${v.join(', ')}}` : String(v)}`);
  const fairness = context.model.fairness.map((f) => `${f.kind === 'weak' ? 'WF' : 'SF'}(${typeof f.action === 'string' ? f.action : f.action.join(' \\/ ')})`);
  const rows: [string, string][] = [
    ['spec', result.spec],
    ['variant', context.variant],
    ['constants', constants.join(', ') || 'none'],
    ['invariants checked', result.invariants.map((v) => v.name).join(', ') || 'none'],
    ...((result.reachable ?? []).length > 0 ? ([['reachability checked', (result.reachable ?? []).map((r) => r.name).join(', ')]] as [string, string][]) : []),
    ['properties checked', result.properties.length > 0 ? `${result.properties.map((p) => p.name).join(', ')} under ${fairness.length > 0 ? fairness.join(', ') : 'no fairness'}` : 'none'],
    ['deadlock', context.deadlockChecked ? 'checked' : 'not checked'],
    ...(result.symmetry.length > 0 ? ([['symmetry', result.symmetry.join(', ')]] as [string, string][]) : []),
    ...context.options.map(([k, v]): [string, string] => [k, v]),
    ['distinct states', count(s.distinct)],
    ['generated', count(s.generated)],
    ['depth', String(s.depth)],
    ...(s.queue > 0 ? ([['left on queue', count(s.queue)]] as [string, string][]) : []),
    ['time', `${s.seconds.toFixed(2)} s (${count(statesPerSecond(s))} states/s${s.workers > 1 ? ` on ${s.workers} workers` : ''})`],
    ['fingerprints', collisionLine(s)],
    ['exit code', String(context.exitCode)],
  ];
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function verdictTable<S extends State>(result: CheckResult<S>, traces: readonly NamedTrace<S>[]): string {
  const anchors = traceAnchors(traces);
  const link = (kind: string, name: string, length: number | undefined): string => {
    const named = traces.find((t) => t.kind === kind && t.name === name);
    if (!named || length === undefined) return '<td class="num">—</td>';
    return `<td class="num"><a href="#${anchors.get(named) as string}">${counted(length, 'state')}</a></td>`;
  };
  const rows: string[] = [];
  for (const v of result.invariants) {
    rows.push(`<tr class="verdict ${v.verdict}" data-name="${escapeHtml(v.name)}"><td>invariant</td><td>${escapeHtml(v.name)}</td>${verdictCell(v.verdict)}${link('invariant', v.name, v.trace?.length)}</tr>`);
  }
  for (const r of result.reachable ?? []) {
    rows.push(`<tr class="verdict ${r.verdict}" data-name="${escapeHtml(r.name)}"><td>reachable</td><td>${escapeHtml(r.name)}</td>${verdictCell(r.verdict)}${link('witness', r.name, r.trace?.length)}</tr>`);
  }
  for (const p of result.properties) {
    const name = p.part ? `${p.name} (for ${p.part})` : p.name;
    rows.push(`<tr class="verdict ${p.verdict}" data-name="${escapeHtml(p.name)}"><td>property</td><td>${escapeHtml(name)}</td>${verdictCell(p.verdict)}${link('property', p.name, p.lasso?.steps.length)}</tr>`);
  }
  if (result.deadlock) rows.push(`<tr class="verdict violated" data-name="deadlock"><td>deadlock</td><td>a state with no successor</td>${verdictCell('violated')}${link('deadlock', 'deadlock', result.deadlock.length)}</tr>`);
  if (rows.length === 0) return '<p class="muted">Nothing was checked.</p>';
  return `<table class="grid verdicts"><tr><th>kind</th><th>name</th><th>verdict</th><th>shortest trace</th></tr>${rows.join('')}</table>`;
}

function coverageTable<S extends State>(result: CheckResult<S>): string {
  if (!result.coverage) return '';
  const rows = result.coverage.actions.flatMap((a) => [
    `<tr${a.generated === 0 ? ' class="fail"' : ''}><td><strong>${escapeHtml(a.name)}</strong>${a.generated === 0 ? ' (never fired)' : ''}</td><td class="num">${count(a.enabled)}</td><td class="num">${count(a.generated)}</td><td class="num">${count(a.distinct)}</td></tr>`,
    ...a.instances.map((i) => `<tr><td><code>${escapeHtml(i.label)}</code></td><td class="num">${count(i.enabled)}</td><td class="num">${count(i.generated)}</td><td class="num">${count(i.distinct)}</td></tr>`),
  ]);
  const evaluations = result.coverage.invariants.map((i) => `${i.name} ${count(i.evaluations)}`).join(', ');
  return (
    '<h2>Coverage</h2><table class="grid coverage"><tr><th>action</th><th>enabled in</th><th>generated</th><th>new states</th></tr>' +
    `${rows.join('')}</table><p class="muted">Invariant evaluations: ${escapeHtml(evaluations)}</p>`
  );
}

/** How each trace of a result is shown: its heading, what it means, its lasso's ending. */
export function traceViews<S extends State>(result: CheckResult<S>, context: HtmlRunContext<S>, traces: readonly NamedTrace<S>[]): TraceView<S>[] {
  const anchors = traceAnchors(traces);
  return traces.map((named) => {
    const last = named.trace[named.trace.length - 1];
    const description = named.kind === 'invariant' ? context.model.invariants.find((i) => i.name === named.name)?.description : undefined;
    const meaning = named.kind === 'invariant' && context.explain && last ? context.explain(named.name, last.state) : '';
    const property = named.kind === 'property' ? result.properties.find((p) => p.name === named.name) : undefined;
    const ending = property ? lassoEnding(context.model, property) : '';
    const loopLabel = property?.lasso ? (property.lasso.loopStart === null ? 'stutters for ever' : ending.replace(/^Back to state/, 'back to state')) : undefined;
    const part = property?.part ? ` (for ${property.part})` : '';
    const heading =
      named.kind === 'error' && result.status === 'error'
        ? `✗ The spec failed while evaluating ${result.error.kind} ${result.error.name}: ${result.error.message}`
        : `${named.kind === 'witness' ? '✓' : '✗'} ${traceTitle(named)}${part}: ${named.kind === 'property' ? 'a lasso of' : 'shortest trace,'} ${counted(named.trace.length, 'state')}`;
    return {
      id: anchors.get(named) as string,
      heading,
      named,
      ...(description ? { description: `${named.name}: ${description}` } : {}),
      ...(meaning ? { meaning } : {}),
      ...(loopLabel !== undefined ? { loopLabel } : {}),
    };
  });
}

/** The traces of a result as sections, with the lanes of the spec. */
export function traceSections<S extends State>(model: Model<S>, participants: Participants, views: readonly TraceView<S>[]): string {
  return views.map((view) => traceSection(model, participants, view)).join('');
}

/**
 * The report of a check as one self-contained HTML page: the run (spec, constants, options,
 * figures), the verdict of each invariant and property, each counterexample as a sequence diagram
 * beside its step list, and coverage when it was collected.
 */
export function checkHtml<S extends State>(result: CheckResult<S>, context: HtmlRunContext<S>): string {
  const traces = tracesOf(result);
  const participants = lanesFor(context.model as unknown as Model<State>, context.spec);
  const views = traceViews(result, context, traces);
  const error =
    result.status === 'error' && !traces.some((t) => t.kind === 'error')
      ? `<p class="notice error">The spec failed while evaluating ${escapeHtml(result.error.kind)} ${escapeHtml(result.error.name)}: ${escapeHtml(result.error.message)}</p>`
      : '';
  // A violation found before a bound stopped the run carries the bound too: the page says which, as the text report does.
  const bound = 'bound' in result && result.bound !== undefined ? `<p class="notice bound">${escapeHtml(stoppedByText(result.bound, context.terminated))}</p>` : '';
  const body =
    `${indexLink(context.index)}<h1>${escapeHtml(context.title)}</h1><p class="sub">${escapeHtml(context.variant)}</p>` +
    `<p>${statusBadge(result)}</p>${bound}${error}` +
    `<h2>Verdicts</h2>${verdictTable(result, traces)}` +
    (views.length > 0 ? `<h2>Counterexamples</h2>${traceSections(context.model, participants, views)}` : '') +
    `<h2>The run</h2>${runFacts(result, context)}` +
    coverageTable(result);
  return htmlPage({ title: `pika-mc: ${context.title}`, body, script: views.length > 0 ? TRACE_SCRIPT : undefined });
}
