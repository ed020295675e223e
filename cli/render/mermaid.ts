import { is } from 'immutable';
import type { ActionInstance, Model, State, Trace } from '../../checker/index.js';
import { traceTitle } from '../traces.js';
import type { NamedTrace } from '../traces.js';
import { parseSource, sourceMarkdown } from './source.js';
import { formatText } from './values.js';
import { counted } from './stats.js';
import { markdownText } from './markdownText.js';

/** Who takes a step and on whom it acts: one arrow of the sequence diagram. */
export interface Arrow {
  readonly from: string;
  readonly to: string;
}

/** What a participant mapping reads of a model: its name and its actions' parameter tuples. */
export interface ModelOutline {
  readonly name: string;
  readonly actions: readonly { readonly name: string; readonly tuples: readonly (readonly unknown[])[] }[];
}

/** How the steps of a spec map to the participants of a sequence diagram. */
export interface Participants {
  /** Participants declared first, in this order (others follow in order of appearance). */
  readonly fixed: (model: ModelOutline) => readonly string[];
  readonly arrow: (action: ActionInstance) => Arrow;
}

const self = (who: string): Arrow => ({ from: who, to: who });
const firstArg = (action: ActionInstance): string | undefined => {
  const arg = action.args[0];
  return typeof arg === 'string' || typeof arg === 'number' ? String(arg) : undefined;
};

/** Any spec: the step's first argument takes it (`RMPrepare(r1)` → r1), else the action itself. */
export const GENERIC_PARTICIPANTS: Participants = {
  fixed: () => [],
  arrow: (action) => self(firstArg(action) ?? action.name),
};

const DBS_RW = 'dbs_rw_';
const LOCK_STEPS = new Set(['LockShared', 'UnlockShared', 'LockExclusive', 'UnlockExclusive']);

/** The clients of a Pika model: the domain of its client actions' first parameter. */
function clientsOf(model: ModelOutline): string[] {
  const action = model.actions.find((a) => a.name === 'LockKey' || a.name === 'DoCommand');
  return [...new Set((action?.tuples ?? []).map((t) => String(t[0])))];
}

/** PikaReplication: each client, the `dbs_rw_` lock, the binlog, bgsave, the slave. */
const REPLICATION_PARTICIPANTS: Participants = {
  fixed: (model) => [...clientsOf(model), DBS_RW, 'binlog', 'bgsave', 'slave'],
  arrow: (action) => {
    const name = action.name;
    if (name === 'BgsaveLock' || name === 'BgsaveUnlock') return { from: 'bgsave', to: DBS_RW };
    if (name === 'BgsaveCapture') return { from: 'bgsave', to: 'binlog' };
    if (name === 'BgsaveStart' || name === 'BgsaveFinish') return self('bgsave');
    if (name === 'FullSync') return { from: 'bgsave', to: 'slave' };
    if (name === 'SlaveApply') return { from: 'binlog', to: 'slave' };
    const client = firstArg(action) ?? name;
    if (LOCK_STEPS.has(name)) return { from: client, to: DBS_RW };
    if (name === 'DoBinlog') return { from: client, to: 'binlog' };
    return self(client);
  },
};

/** PikaSlaveBgsave: the master feeding the slave binlog, one DB worker per key, `dbs_rw_`, bgsave. */
const SLAVE_BGSAVE_PARTICIPANTS: Participants = {
  fixed: () => ['master', 'binlog', DBS_RW, 'bgsave'],
  arrow: (action) => {
    const name = action.name;
    if (name === 'Receive') return { from: 'master', to: 'binlog' };
    if (name === 'CrashRestart') return { from: 'binlog', to: 'master' };
    if (name === 'BgsaveLock' || name === 'BgsaveUnlock') return { from: 'bgsave', to: DBS_RW };
    if (name === 'BgsaveCapture') return { from: 'bgsave', to: 'binlog' };
    const worker = `worker ${firstArg(action) ?? ''}`.trim();
    if (name === 'WorkerLock' || name === 'WorkerUnlock') return { from: worker, to: DBS_RW };
    return self(worker);
  },
};

/** The participant mapping for a spec: Pika-aware for the Pika models, generic otherwise. */
export function participantsFor(model: ModelOutline): Participants {
  if (model.name === 'PikaReplication') return REPLICATION_PARTICIPANTS;
  if (model.name === 'PikaSlaveBgsave') return SLAVE_BGSAVE_PARTICIPANTS;
  return GENERIC_PARTICIPANTS;
}

/** Text as Mermaid reads it inside a message or note: no `;`, `#`, `<`, `>` of its own. */
function escapeText(text: string): string {
  // One pass, so that the `;` of an entity code written for `#` is not escaped again.
  return text.replace(/[#;<>]/g, (ch) => `#${ch.charCodeAt(0)};`).replace(/\n/g, ' ');
}

/** The words Mermaid's sequence diagrams read as their own, whatever their case: no participant id may be one. */
const KEYWORDS = new Set(
  'participant actor create destroy box as loop rect opt alt else par par_over and critical option break end links link properties details over note activate deactivate title acctitle accdescr sequencediagram autonumber off'.split(' '),
);

/**
 * The Mermaid id of each lane: its name with each character but letters, digits and `_` made `_`
 * (`p_` before a leading digit), then `_2`, `_3`… after an id an earlier lane has (`c-1`, `c.1`) or
 * one Mermaid reads as a keyword (`End`), so that two lanes never merge and no lane breaks the diagram.
 */
function laneIds(lanes: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const ids = new Map<string, string>();
  for (const lane of lanes) {
    const safe = lane.replace(/[^A-Za-z0-9_]/g, '_');
    const base = /^[A-Za-z_]/.test(safe) ? safe : `p_${safe}`;
    let id = base;
    for (let n = 2; taken.has(id) || KEYWORDS.has(id.toLowerCase()); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(lane, id);
  }
  return ids;
}

const MAX_NOTE = 80;

/** A note line cut to MAX_NOTE characters. */
function shorten(text: string): string {
  return text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 1)}…` : text;
}

/**
 * A trace as a Mermaid sequence diagram: one arrow per step (`[3] DoBinlog(c1)`) between the
 * participants that take and undergo it, a note with the variables it changed, and a closing note
 * naming what the trace shows. GitHub renders it inside a ```mermaid block.
 */
export function mermaidDiagram<S extends State>(model: Model<S>, named: NamedTrace<S>, participants = participantsFor(model)): string {
  const style = { modelValues: new Set(model.modelValues) };
  const order = [...participants.fixed(model)];
  const arrows = named.trace.map((step) => (step.action ? participants.arrow(step.action) : undefined));
  for (const arrow of arrows) {
    if (!arrow) continue;
    for (const who of [arrow.from, arrow.to]) if (!order.includes(who)) order.push(who);
  }
  if (order.length === 0) order.push(model.name);
  const ids = laneIds(order);
  const idOf = (who: string): string => ids.get(who) as string;
  const lines = ['sequenceDiagram'];
  for (const who of order) lines.push(idOf(who) === who ? `  participant ${who}` : `  participant ${idOf(who)} as ${escapeText(who)}`);
  named.trace.forEach((step, i) => {
    const arrow = arrows[i];
    if (!step.action || !arrow) return;
    lines.push(`  ${idOf(arrow.from)}->>${idOf(arrow.to)}: ${escapeText(`[${i + 1}] ${step.action.label}`)}`);
    const before = new Map(model.variables((named.trace[i - 1] as (typeof named.trace)[number]).state));
    const changed = model
      .variables(step.state)
      .filter(([name, value]) => !is(before.get(name), value))
      .map(([name, value]) => {
        return escapeText(shorten(`${name} = ${formatText(value, style)}`));
      });
    const over = arrow.from === arrow.to ? idOf(arrow.to) : `${idOf(arrow.from)},${idOf(arrow.to)}`;
    const code = step.action.source ? [escapeText(shorten(parseSource(step.action.source).text))] : [];
    if (changed.length + code.length > 0) lines.push(`  Note over ${over}: ${[...code, ...changed].join('<br/>')}`);
  });
  const span = order.length > 1 ? `${idOf(order[0] as string)},${idOf(order[order.length - 1] as string)}` : idOf(order[0] as string);
  let ending = `${named.kind === 'witness' ? '✓' : '✗'} ${traceTitle(named)}`;
  if (named.loopStart === null) ending += ': then stutters forever';
  else if (named.loopStart !== undefined) ending += `: then back to state ${named.loopStart + 1}`;
  lines.push(`  Note over ${span}: ${escapeText(ending)}`);
  return lines.join('\n');
}

/**
 * The code each step of a trace runs, as a Markdown list of links (`[3] DoBinlog(c1): [text](url)`):
 * Mermaid cannot link from inside a sequence diagram, so the diagram's notes name the code and this
 * list under it links to it. Empty when no step has a source.
 */
export function sourceList<S extends State>(trace: Trace<S>): string {
  const items = trace.flatMap((step, i) => (step.action?.source ? [`- [${i + 1}] \`${step.action.label}\`: ${sourceMarkdown(step.action.source)}`] : []));
  return items.length > 0 ? `${items.join('\n')}\n` : '';
}

/** Traces as Markdown: a heading, a ```mermaid block and the links to each step's code, as GitHub renders them. */
export function mermaidMarkdown<S extends State>(model: Model<S>, traces: readonly NamedTrace<S>[], context: string): string {
  if (traces.length === 0) return `### ${markdownText(context)}: nothing violated, no trace\n`;
  return traces
    .map((named) => {
      const links = sourceList(named.trace);
      return `### ${markdownText(`${traceTitle(named)} (${context}, ${counted(named.trace.length, 'state')})`)}\n\n\`\`\`mermaid\n${mermaidDiagram(model, named)}\n\`\`\`\n${links ? `\n${links}` : ''}`;
    })
    .join('\n');
}
