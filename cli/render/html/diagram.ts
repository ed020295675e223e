import type { Arrow } from '../mermaid.js';
import { escapeHtml } from './escape.js';

/** Height of one step's row, in pixels: the step list beside the diagram uses the same. */
export const ROW_HEIGHT = 30;
/** Height of the lanes' heading, above the first row. */
export const HEAD_HEIGHT = 40;

const LANE = 120;
const PAD = 8;
const GUTTER = 90;
const CHAR = 6.6;

/** One row of a sequence diagram: the initial state (no arrow) or a step from one lane to another. */
export interface DiagramRow {
  readonly arrow?: Arrow;
  readonly label: string;
}

/** What a sequence diagram draws. */
export interface DiagramInput {
  /** Unique in the page: prefixes the diagram's element ids. */
  readonly id: string;
  readonly lanes: readonly string[];
  readonly rows: readonly DiagramRow[];
  /** The row shown as selected. */
  readonly selected: number;
  /** Marks the last row as the state that violates what the trace shows. */
  readonly violation: boolean;
  /** A lasso: the last state goes back to row `start`, or stutters for ever when `start` is null. */
  readonly loop?: { readonly start: number | null; readonly label: string };
}

function fit(text: string, width: number): string {
  const max = Math.max(3, Math.floor(width / CHAR));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A trace as an SVG sequence diagram: one lane per actor, one row per state; a step is an arrow from
 * the lane that takes it to the lane it acts on, or a box on its own lane; a lasso's last row loops
 * back to the state its cycle starts at. Rows carry `data-step` so that the page can select them.
 */
export function sequenceDiagram(input: DiagramInput): string {
  const lanes = input.lanes.length > 0 ? input.lanes : ['(no step)'];
  const x = (lane: string): number => PAD + LANE * Math.max(0, lanes.indexOf(lane)) + LANE / 2;
  const right = PAD + LANE * lanes.length;
  const loopWidth = input.loop ? Math.max(GUTTER, 48 + input.loop.label.length * CHAR) : PAD;
  const width = right + loopWidth;
  const height = HEAD_HEIGHT + ROW_HEIGHT * input.rows.length + 6;
  const mid = (i: number): number => HEAD_HEIGHT + ROW_HEIGHT * i + ROW_HEIGHT / 2;
  // Trace sections have ids that begin with `trace-`: an arrowhead's never equals one.
  const head = escapeHtml(`arrowhead-${input.id}`);
  const out: string[] = [
    `<svg class="diagram" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="sequence diagram">`,
    `<defs><marker id="${head}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="tip"/></marker></defs>`,
  ];
  input.rows.forEach((row, i) => {
    const y = HEAD_HEIGHT + ROW_HEIGHT * i;
    const cls = `row${i === input.selected ? ' sel' : ''}${input.violation && i === input.rows.length - 1 ? ' bad' : ''}`;
    out.push(`<g class="${cls}" data-step="${i}"><rect class="bg" x="0" y="${y}" width="${width}" height="${ROW_HEIGHT}"/>`);
    out.push(`<title>${escapeHtml(`${i + 1}. ${row.label}`)}</title>`);
    const m = mid(i);
    if (!row.arrow) {
      out.push(`<text class="init" x="${right / 2}" y="${m + 4}" text-anchor="middle">${escapeHtml(row.label)}</text>`);
    } else if (row.arrow.from === row.arrow.to) {
      const cx = x(row.arrow.from);
      const w = Math.min(LANE - 6, row.label.length * CHAR + 14);
      out.push(`<rect class="box" x="${cx - w / 2}" y="${m - 10}" width="${w}" height="20" rx="4"/>`);
      out.push(`<text class="step" x="${cx}" y="${m + 4}" text-anchor="middle">${escapeHtml(fit(row.label, LANE - 14))}</text>`);
    } else {
      const x1 = x(row.arrow.from);
      const x2 = x(row.arrow.to);
      const dir = x2 > x1 ? 1 : -1;
      out.push(`<line class="arrow" x1="${x1}" y1="${m + 6}" x2="${x2 - dir * 3}" y2="${m + 6}" marker-end="url(#${head})"/>`);
      out.push(`<text class="step" x="${(x1 + x2) / 2}" y="${m + 1}" text-anchor="middle">${escapeHtml(fit(row.label, Math.abs(x2 - x1) + LANE - 20))}</text>`);
    }
    if (input.violation && i === input.rows.length - 1) out.push(`<text class="mark" x="${right - 6}" y="${m + 5}" text-anchor="end">✗</text>`);
    out.push('</g>');
  });
  lanes.forEach((lane) => {
    const cx = x(lane);
    out.push(`<line class="life" x1="${cx}" y1="${HEAD_HEIGHT - 6}" x2="${cx}" y2="${height - 2}"/>`);
    out.push(`<rect class="lane" x="${cx - LANE / 2 + 6}" y="4" width="${LANE - 12}" height="24" rx="5"/>`);
    out.push(`<text class="lane" x="${cx}" y="21" text-anchor="middle">${escapeHtml(fit(lane, LANE - 20))}</text>`);
  });
  if (input.loop) {
    const last = mid(input.rows.length - 1);
    if (input.loop.start === null || input.loop.start === input.rows.length - 1) {
      out.push(`<path class="loop" d="M${right} ${last - 6} C${right + 44} ${last - 24}, ${right + 44} ${last + 24}, ${right + 3} ${last + 7}" marker-end="url(#${head})"/>`);
      out.push(`<text class="loop" x="${right + 46}" y="${last + 4}">${escapeHtml(input.loop.label)}</text>`);
    } else {
      const back = mid(input.loop.start);
      const g = right + 24;
      out.push(`<path class="loop" d="M${right + 2} ${last} H${g} V${back} H${right + 4}" marker-end="url(#${head})"/>`);
      out.push(`<text class="loop" x="${g + 6}" y="${(last + back) / 2 + 4}">${escapeHtml(input.loop.label)}</text>`);
    }
  }
  out.push('</svg>');
  return out.join('');
}
