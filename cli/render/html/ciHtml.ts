import { escapeHtml } from './escape.js';
import { htmlPage } from './page.js';

/** One case of the matrix as the index page shows it. */
export interface CiCaseRow {
  readonly name: string;
  /** The variant the case checks: its model and constants, in words. */
  readonly variant: string;
  readonly description?: string;
  /** Per invariant: what was expected and what the check found (`violated (7)`). */
  readonly invariants: readonly { readonly name: string; readonly expected: string; readonly actual: string; readonly passed: boolean }[];
  readonly seconds: number;
  /** Absent when the case's model could not be built. */
  readonly distinct?: number;
  readonly passed: boolean;
  /** Whether `ci --update` wrote any of the case's expectations anew. */
  readonly updated?: boolean;
  /** Why the case failed, when it did. */
  readonly reasons: readonly string[];
  /** The case's own report, relative to the index page. */
  readonly href: string;
}

function cells(row: CiCaseRow, pick: 'expected' | 'actual'): string {
  return row.invariants
    .map((i) => `<div${pick === 'actual' && !i.passed ? ' class="ko"' : ''}><code>${escapeHtml(i.name)}</code> ${escapeHtml(i[pick])}</div>`)
    .join('');
}

/** The index page of a `ci --html` run: one row per case (variant, expected, got, time), each linking to the case's report. */
export function ciIndexHtml(matrix: string, shard: string | undefined, rows: readonly CiCaseRow[]): string {
  const passed = rows.filter((r) => r.passed).length;
  const failed = rows.length - passed;
  const body =
    `<h1>pika-mc ci: ${escapeHtml(matrix)}${shard ? ` (shard ${escapeHtml(shard)})` : ''}</h1>` +
    `<p><span class="status ${failed === 0 ? 'ok' : 'bad'}">${failed === 0 ? '✓' : '✗'} ${passed} case${passed === 1 ? '' : 's'} as expected, ${failed} not</span></p>` +
    '<table class="grid ci"><tr><th>case</th><th>variant</th><th>expected</th><th>got</th><th>distinct</th><th>time</th><th></th></tr>' +
    rows
      .map(
        (r) =>
          `<tr class="case ${r.passed ? 'pass' : 'fail'}" data-case="${escapeHtml(r.name)}">` +
          `<td><a href="${escapeHtml(r.href)}">${escapeHtml(r.name)}</a>${r.description ? `<div class="muted">${escapeHtml(r.description)}</div>` : ''}</td>` +
          `<td class="variant">${escapeHtml(r.variant)}</td><td>${cells(r, 'expected')}</td><td>${cells(r, 'actual')}</td>` +
          `<td class="num">${r.distinct?.toLocaleString('en-US') ?? '-'}</td><td class="num">${r.seconds.toFixed(2)} s</td>` +
          `<td class="v ${r.passed ? 'holds' : 'violated'}">${r.updated === true ? '✓ updated' : r.passed ? '✓ ok' : `✗ FAIL${r.reasons.length > 0 ? `<div class="muted">${escapeHtml(r.reasons.join('; '))}</div>` : ''}`}</td></tr>`,
      )
      .join('') +
    '</table>';
  return htmlPage({ title: `pika-mc ci: ${passed} passed, ${failed} failed`, body });
}
