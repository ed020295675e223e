import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Constants, Model, Spec, SpecBuildError, State } from '../../checker/index.js';
import type { MatrixCase } from '../matrix.js';
import { fileSafe } from '../output.js';
import { findModel } from '../registry.js';
import { explainerOf, variantOf } from '../specText.js';
import type { CiRow } from '../render/ciRow.js';
import { checkHtml, indexLink } from '../render/html/checkHtml.js';
import type { CiCaseRow } from '../render/html/ciHtml.js';
import { escapeHtml } from '../render/html/escape.js';
import { htmlPage } from '../render/html/page.js';
import { exitCodeOf } from './check.js';

// The report of each case of `ci --html`, and its row of the index page.

/** The index page beside the case reports, which each links back to. */
const INDEX = { href: 'index.html', text: 'all cases' };

/**
 * The file of each case's HTML report: its name made safe for a file name, with `-2`, `-3`… after
 * a name that `index.html` or another case's file (told apart regardless of case, as macOS and
 * Windows do) already has. Names are given in the matrix's order, so the same matrix gets the same files.
 */
export function caseFileNames(names: readonly string[]): Map<string, string> {
  const taken = new Set(['index']);
  const files = new Map<string, string>();
  for (const name of names) {
    const base = fileSafe(name);
    let file = base;
    for (let n = 2; taken.has(file.toLowerCase()); n++) file = `${base}-${n}`;
    taken.add(file.toLowerCase());
    files.set(name, `${file}.html`);
  }
  return files;
}

/**
 * Writes one case's HTML report into `dir`; its row of the index page is made from the case's rows
 * once the run knows which it reports (the rows as found when a signal stops it).
 */
export function writeCaseHtml(
  dir: string,
  file: string,
  c: MatrixCase,
  model: Model<State>,
  result: CheckResult<State>,
  given: Spec<State, Constants> | undefined,
): { name: string; row: (rows: readonly CiRow[]) => CiCaseRow } {
  const spec = given ?? findModel(c.model)?.spec;
  const variant = spec ? variantOf(spec, model.constants) : c.model;
  const explain = spec ? explainerOf(spec, model.constants) : undefined;
  const html = checkHtml(result, {
    model,
    ...(spec ? { spec } : {}),
    ...(explain ? { explain } : {}),
    title: `${c.name} (${model.name}, ${given !== undefined ? '--spec' : '--model'} ${c.model}${c.scenario !== undefined ? `, --scenario ${c.scenario}` : ''})`,
    variant,
    exitCode: exitCodeOf(result),
    options: [],
    // ci checks each case as check does with no flag: deadlocks only when the spec checks them.
    deadlockChecked: model.deadlock ?? true,
    index: INDEX,
  });
  writeFileSync(join(dir, file), html);
  const row = (rows: readonly CiRow[]): CiCaseRow => ({
    name: c.name,
    variant,
    ...(c.description !== undefined ? { description: c.description } : {}),
    invariants: rows.map((r) => ({ name: r.invariant, expected: r.expected, actual: r.actual, passed: r.passed })),
    seconds: result.stats.seconds,
    distinct: result.stats.distinct,
    passed: rows.every((r) => r.passed),
    updated: rows.some((r) => r.updated !== undefined),
    reasons: [...new Set(rows.flatMap((r) => (r.reason !== undefined ? [r.reason] : [])))],
    href: encodeURIComponent(file),
  });
  return { name: c.name, row };
}

/** Writes the HTML report of a case whose model could not be built: the error, and no run. */
export function writeUnbuiltCaseHtml(dir: string, file: string, c: MatrixCase, error: SpecBuildError): { name: string; row: (rows: readonly CiRow[]) => CiCaseRow } {
  const body = `${indexLink(INDEX)}<h1>${escapeHtml(c.name)}</h1><p class="notice error">The spec failed to build the case's model: ${escapeHtml(error.message)}</p>`;
  writeFileSync(join(dir, file), htmlPage({ title: `${c.name}: the spec failed`, body }));
  const row = (rows: readonly CiRow[]): CiCaseRow => ({
    name: c.name,
    variant: c.scenario !== undefined ? `${c.model}, scenario ${c.scenario}` : c.model,
    ...(c.description !== undefined ? { description: c.description } : {}),
    invariants: rows.map((r) => ({ name: r.invariant, expected: r.expected, actual: r.actual, passed: r.passed })),
    seconds: 0,
    passed: false,
    reasons: [...new Set(rows.flatMap((r) => (r.reason !== undefined ? [r.reason] : [])))],
    href: encodeURIComponent(file),
  });
  return { name: c.name, row };
}
