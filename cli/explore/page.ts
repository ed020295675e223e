import type { Model, State, Trace } from '../../checker/index.js';
import type { Participants } from '../render/mermaid.js';
import { escapeHtml } from '../render/html/escape.js';
import { htmlPage } from '../render/html/page.js';
import { sourceHtml } from '../render/html/source.js';
import { TRACE_SCRIPT } from '../render/html/traceScript.js';
import { diffList, traceSection } from '../render/html/traceView.js';
import { formatText } from '../render/values.js';
import { pathUrl } from './path.js';
import type { KeyedSuccessor, PathRef } from './path.js';

/** What the explorer's page shows: the path walked so far, where it can go next, and what to say. */
export interface ExplorerView<S extends State> {
  readonly model: Model<S>;
  readonly participants: Participants;
  readonly title: string;
  readonly variant: string;
  readonly path: PathRef;
  readonly trace: Trace<S>;
  /** The steps undone by going back, to go forward to again. */
  readonly forward: readonly string[];
  readonly successors: readonly KeyedSuccessor<S>[];
  readonly initCount: number;
  readonly explain?: (invariant: string, state: S) => string;
  /** A message at the top of the page: what went wrong with the request, or what a search found. */
  readonly notice?: { readonly kind: 'error' | 'info'; readonly text: string };
}

/** The script of the explorer's "load a trace file": sends the file to the server, then goes to its path. */
const LOAD_SCRIPT = `(function () {
  var input = document.getElementById('tracefile');
  var out = document.getElementById('loadresult');
  if (!input || !out) return;
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) return;
    out.className = 'notice'; out.textContent = 'Replaying ' + file.name + '…'; out.hidden = false;
    file.text().then(function (text) {
      return fetch('/load', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
    }).then(function (response) { return response.json(); }).then(function (answer) {
      if (answer.error) { out.className = 'notice error'; out.textContent = answer.error; return; }
      var traces = answer.traces || [];
      if (traces.length === 1 && !traces[0].error) { window.location.href = traces[0].location; return; }
      out.className = 'notice'; out.textContent = '';
      traces.forEach(function (t) {
        var line = document.createElement('div');
        if (t.error) { line.textContent = t.name + ': ' + t.error; line.className = 'ko'; }
        else { var a = document.createElement('a'); a.href = t.location; a.textContent = t.name + ' (' + t.length + ' states)'; line.appendChild(a); }
        out.appendChild(line);
      });
    }).catch(function (error) { out.className = 'notice error'; out.textContent = 'Could not load the trace: ' + error; });
  });
})();`;

function navigation<S extends State>(view: ExplorerView<S>): string {
  const { path, forward } = view;
  const back = path.keys.length > 0 ? pathUrl({ init: path.init, keys: path.keys.slice(0, -1) }, [path.keys[path.keys.length - 1] as string, ...forward]) : undefined;
  const next = forward.length > 0 ? pathUrl({ init: path.init, keys: [...path.keys, forward[0] as string] }, forward.slice(1)) : undefined;
  const link = (href: string | undefined, text: string, id: string): string =>
    href === undefined ? `<span class="off" id="${id}">${text}</span>` : `<a id="${id}" href="${escapeHtml(href)}">${text}</a>`;
  const restart = view.initCount > 1 ? '/?i=choose' : '/';
  return (
    `<nav class="path">${link(back, '← back', 'back')}${link(next, 'forward →', 'forward')}` +
    `${link(path.keys.length > 0 || forward.length > 0 ? restart : undefined, '⟲ initial state', 'restart')}` +
    `<span class="muted">state ${view.trace.length}${view.initCount > 1 ? ` (initial state ${path.init + 1} of ${view.initCount})` : ''}</span></nav>`
  );
}

function actionsList<S extends State>(view: ExplorerView<S>): string {
  const { model, successors, path } = view;
  const last = view.trace[view.trace.length - 1];
  if (last === undefined) return '';
  const before = model.variables(last.state);
  const style = { modelValues: new Set(model.modelValues) };
  const descriptions = new Map(model.actions.map((a) => [a.name, a.description]));
  const items = successors.map((s) => {
    const action = s.step.action;
    if (action === null) return '';
    const args = action.args.map((a) => formatText(a, style)).join(', ');
    const href = pathUrl({ init: path.init, keys: [...path.keys, s.key] });
    const description = descriptions.get(action.name);
    return (
      `<li class="action"><a class="take" href="${escapeHtml(href)}" data-key="${escapeHtml(s.key)}">` +
      `${escapeHtml(action.name)}${args !== '' ? `<span class="args">(${escapeHtml(args)})</span>` : ''}${s.key !== action.label ? ` <span class="muted">${escapeHtml(s.key.slice(action.label.length))}</span>` : ''}</a>` +
      `${action.source !== undefined ? ` <span class="where">${sourceHtml(action.source)}</span>` : ''}` +
      `${description ? `<div class="muted">${escapeHtml(description)}</div>` : ''}` +
      `${diffList(before, model.variables(s.step.state), style)}</li>`
    );
  });
  const enabled = new Set(successors.map((s) => s.step.action?.name));
  const disabled = model.actions.filter((a) => !enabled.has(a.name)).map((a) => a.name);
  const none =
    successors.length === 0
      ? `<p class="notice${model.terminal?.(last.state) ? '' : ' error'}">No action is enabled here: ${model.terminal?.(last.state) ? 'a terminal state, where the behaviour is meant to end' : 'a deadlock'}.</p>`
      : '';
  return (
    `<h2>Enabled actions (${successors.length})</h2>${none}<ul class="actions">${items.join('')}</ul>` +
    (disabled.length > 0 ? `<p class="muted">Not enabled here: ${escapeHtml(disabled.join(', '))}</p>` : '')
  );
}

function invariantsList<S extends State>(view: ExplorerView<S>): string {
  const last = view.trace[view.trace.length - 1];
  if (last === undefined) return '';
  const current = pathUrl(view.path).replace(/^\/\??/, '');
  const items = view.model.invariants.map((inv) => {
    let holds: boolean | string;
    try {
      holds = inv.holds(last.state);
    } catch (error) {
      holds = error instanceof Error ? error.message : String(error);
    }
    const mark = holds === true ? '<span class="ok">✓</span>' : '<span class="ko">✗</span>';
    const meaning = holds === false && view.explain ? view.explain(inv.name, last.state) : '';
    const failed = typeof holds === 'string' ? `<div class="ko">The invariant failed to evaluate: ${escapeHtml(holds)}</div>` : '';
    const jump = `/violation?invariant=${encodeURIComponent(inv.name)}${current !== '' ? `&${current}` : ''}`;
    return (
      `<li class="inv ${holds === true ? 'holds' : 'violated'}" data-name="${escapeHtml(inv.name)}">${mark} <strong>${escapeHtml(inv.name)}</strong>` +
      ` <a class="jump" href="${escapeHtml(jump)}">shortest violation</a>` +
      `${inv.description ? `<div class="muted">${escapeHtml(inv.description)}</div>` : ''}${failed}` +
      `${meaning ? `<div class="meaning">${escapeHtml(meaning)}</div>` : ''}</li>`
    );
  });
  return `<h2>Invariants on this state</h2><ul class="invs">${items.join('')}</ul>`;
}

/** The page of one state of the explorer: the path to it as a sequence diagram, its state, the steps it can take. */
export function explorerHtml<S extends State>(view: ExplorerView<S>): string {
  const last = view.trace[view.trace.length - 1];
  const violated = last !== undefined && view.model.invariants.some((inv) => {
    try {
      return !inv.holds(last.state);
    } catch {
      return true;
    }
  });
  const notice = view.notice ? `<p class="notice${view.notice.kind === 'error' ? ' error' : ''}" id="notice" role="alert">${escapeHtml(view.notice.text)}</p>` : '';
  const section =
    view.trace.length > 0
      ? traceSection(view.model, view.participants, {
          id: 'path',
          heading: `The path: ${view.trace.length} state${view.trace.length === 1 ? '' : 's'}`,
          named: { name: 'path', kind: 'trace', trace: view.trace },
          violation: violated,
        })
      : '';
  const body =
    `<h1>Explorer: ${escapeHtml(view.title)}</h1><p class="sub">${escapeHtml(view.variant)}</p>${notice}${navigation(view)}` +
    `<div class="explorer"><div class="col side">${actionsList(view)}${invariantsList(view)}` +
    '<h2>Load a trace file</h2><p class="muted">A JSON or ITF trace written by pika-mc (check --format json or itf, replay --format json).</p>' +
    '<input type="file" id="tracefile" accept=".json,application/json"><div id="loadresult" hidden></div></div>' +
    `<div class="col main">${section}</div></div>`;
  return htmlPage({ title: `pika-mc explore: ${view.title}`, body, script: `${TRACE_SCRIPT}\n${LOAD_SCRIPT}` });
}

/** The page that lets one pick among several initial states. */
export function chooseInitHtml<S extends State>(model: Model<S>, title: string, inits: readonly S[]): string {
  const style = { modelValues: new Set(model.modelValues) };
  const items = inits.map((s, i) => {
    const vars = model.variables(s).map(([n, v]) => `${n} = ${formatText(v, style)}`).join(', ');
    return `<li><a class="take" href="${escapeHtml(pathUrl({ init: i, keys: [] }))}">initial state ${i + 1}</a> <code>${escapeHtml(vars)}</code></li>`;
  });
  return htmlPage({ title: `pika-mc explore: ${title}`, body: `<h1>Explorer: ${escapeHtml(title)}</h1><h2>Pick an initial state (${inits.length})</h2><ul class="actions">${items.join('')}</ul>` });
}
