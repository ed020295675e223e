import type { Constants, Model, Spec, State } from '../../../checker/index.js';
import { traceTitle } from '../../traces.js';
import type { NamedTrace } from '../../traces.js';
import { traceAnchors, traceSections } from './checkHtml.js';
import { escapeHtml } from './escape.js';
import { lanesFor } from './lanes.js';
import { htmlPage } from './page.js';
import { TRACE_SCRIPT } from './traceScript.js';
import { counted } from '../stats.js';

/** Traces that were not found by a check but read back (`replay`), as one page: a section each. */
export function tracesHtml<S extends State>(model: Model<S>, traces: readonly NamedTrace<S>[], heading: string, context: string, spec?: Spec<State, Constants>): string {
  const participants = lanesFor(model as unknown as Model<State>, spec);
  const anchors = traceAnchors(traces);
  const views = traces.map((named) => ({
    id: anchors.get(named) as string,
    heading: `${named.kind === 'trace' ? '' : named.kind === 'witness' ? '✓ ' : '✗ '}${traceTitle(named)}: ${counted(named.trace.length, 'state')}`,
    named,
    ...(named.loopStart !== undefined ? { loopLabel: named.loopStart === null ? 'stutters for ever' : `back to state ${named.loopStart + 1}` } : {}),
  }));
  const body = `<h1>${escapeHtml(heading)}</h1><p class="sub">${escapeHtml(context)}</p>${traceSections(model, participants, views)}`;
  return htmlPage({ title: `pika-mc: ${heading}`, body, script: TRACE_SCRIPT });
}
