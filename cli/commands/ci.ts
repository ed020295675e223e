import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check, compile, SpecBuildError, UsageError } from '../../checker/index.js';
import type { CheckResult, Constants, Model, Spec, State } from '../../checker/index.js';
import { ExitCode } from '../exitCodes.js';
import { checkOutPath, writeOutFile } from '../output.js';
import type { CliIo } from '../io.js';
import { paletteFor } from '../io.js';
import { formatMatrix, loadMatrix, parseShard, shardOf } from '../matrix.js';
import type { CaseQuestion, ConstantValidator, Matrix, MatrixCase } from '../matrix.js';
import { findModel, modelNames } from '../registry.js';
import type { CiRow } from '../render/ciRow.js';
import { junitXml } from '../render/junit.js';
import { StatusLine } from '../progress.js';
import { ciMarkdown } from '../render/ciMarkdown.js';
import { ciDiagrams } from '../render/ciDiagrams.js';
import { renderTrace } from '../render/trace.js';
import { counted, statsLine } from '../render/stats.js';
import { traceJson } from '../render/checkJson.js';
import { scenarioConstants } from '../scenarios.js';
import { loadSpec } from '../loadSpec.js';
import { ciIndexHtml } from '../render/html/ciHtml.js';
import type { CiCaseRow } from '../render/html/ciHtml.js';
import { stoppedBySignal } from './check.js';
import { caseFileNames, writeCaseHtml, writeUnbuiltCaseHtml } from './ciHtmlReports.js';
import { isEnvironmentFault } from '../faults.js';

/** The options of `pika-mc ci`. */
export interface CiCommandOptions {
  readonly matrix?: string;
  /** A spec module: every case of the matrix is of this spec. */
  readonly spec?: string;
  readonly junit?: string;
  readonly shard?: string;
  readonly update: boolean;
  /** Also write an HTML index of the cases and a report per case into this directory. */
  readonly html?: string;
  readonly format: 'text' | 'json';
  readonly color: boolean;
  readonly quiet?: boolean;
}

/**
 * Which case is under way, on stderr: a live line on a terminal; in a pipe or CI, a line when a case
 * starts, at most one every 3 seconds (the first at once).
 */
function caseProgress(io: CliIo, quiet: boolean, total: number): { starting(index: number, name: string): void; finish(): void } {
  const line = new StatusLine(io);
  let last = -Infinity;
  return {
    starting(index, name) {
      if (quiet || (!io.stderrIsTTY && performance.now() - last < 3000)) return;
      last = performance.now();
      const text = `case ${index + 1}/${total}: ${name}`;
      line.show(text, `Running ${text}`);
    },
    finish: () => line.finish(),
  };
}

/** The default matrix shipped with pika-mc. */
export function defaultMatrixPath(): string {
  return new URL('../../../matrix/default.json', import.meta.url).pathname;
}

/** The spec of a case: the one given by `--spec`, else the built-in model the case names. */
function specOfCase(model: string, given: Spec<State, Constants> | undefined): Spec<State, Constants> {
  if (given !== undefined) return given;
  const entry = findModel(model);
  if (!entry) throw new UsageError(`field "model": unknown model '${model}' (valid: ${modelNames()})`);
  return entry.spec;
}

/** The model and constants of a case: its scenario's constants, then its own (of `given`, the spec of `--spec`, when there is one). */
export function caseModel(c: Pick<MatrixCase, 'model' | 'scenario' | 'constants'>, given?: Spec<State, Constants>): Model<State> {
  const spec = specOfCase(c.model, given);
  let base: { readonly [name: string]: unknown } = {};
  if (c.scenario !== undefined && given === undefined) base = scenarioConstants(c.scenario, c.model);
  else if (c.scenario !== undefined) {
    const scenario = spec.scenarios.find((s) => s.name === c.scenario);
    if (scenario === undefined) throw new UsageError(`field "scenario": unknown scenario '${c.scenario}' (valid: ${spec.scenarios.map((s) => s.name).join(', ') || 'the spec has none'})`);
    base = scenario.constants;
  }
  return compile(spec, { ...base, ...c.constants } as Partial<Constants>);
}

/**
 * The checks `loadMatrix` makes of each case against its spec: its constants, and the invariants of
 * the model its own constants build (a spec may name its invariants after its constants).
 */
function caseChecks(given: Spec<State, Constants> | undefined): { validate: ConstantValidator; invariants: CaseQuestion<readonly string[] | undefined> } {
  const caseOf = (model: string, scenario: string | undefined, constants: { readonly [name: string]: unknown }): Parameters<typeof caseModel>[0] => ({
    model,
    ...(scenario !== undefined ? { scenario } : {}),
    constants: constants as MatrixCase['constants'],
  });
  return {
    validate: (model, scenario, constants) => {
      try {
        caseModel(caseOf(model, scenario, constants), given);
        return undefined;
      } catch (error) {
        if (error instanceof UsageError) return error.message;
        // A spec whose build fails with these constants fails the case's own rows when it runs.
        if (error instanceof SpecBuildError) return undefined;
        throw error;
      }
    },
    invariants: (model, scenario, constants) => {
      try {
        return caseModel(caseOf(model, scenario, constants), given).invariants.map((i) => i.name);
      } catch (error) {
        if (error instanceof SpecBuildError) return undefined;
        throw error;
      }
    },
  };
}

/** The matrix of `--update` when there is none yet for `--spec`: one case, the spec's defaults, every invariant. */
function firstMatrix(spec: Spec<State, Constants>, label: string): Matrix {
  const expect: MatrixCase['expect'] = {};
  for (const invariant of compile(spec).invariants) expect[invariant.name] = { verdict: 'holds' };
  return { description: `the verdicts of ${label}, pinned by pika-mc ci --update`, cases: [{ name: 'defaults', model: label, constants: {}, expect }] };
}

/**
 * The rows of a case as its run found them. A case of a new matrix file (`isNew`) pins nothing yet:
 * its rows expect `none`, and fail only when the run proved nothing (a spec error, an early stop) or
 * when nothing is written for them.
 */
function rowsOf(c: MatrixCase, model: Model<State>, result: CheckResult<State>, isNew: boolean): CiRow[] {
  const distinctWrong = !isNew && c.distinct !== undefined && result.stats.distinct !== c.distinct;
  const faults = caseFaults(result);
  return Object.entries(c.expect).map(([invariant, expected]) => {
    const verdict = result.invariants.find((v) => v.name === invariant);
    const actual = verdict?.verdict ?? 'unknown';
    const traceLength = verdict?.trace?.length;
    const reasons: string[] = [];
    if (isNew) {
      // Nothing is pinned yet: there is no verdict to compare.
    } else if (actual !== expected.verdict) reasons.push(`expected ${expected.verdict}, got ${actual}`);
    else if (expected.traceLength !== undefined && traceLength !== expected.traceLength) {
      reasons.push(`expected a ${expected.traceLength}-state trace, got ${traceLength ?? 'none'}`);
    }
    if (distinctWrong && c.distinct !== undefined) reasons.push(`expected ${counted(c.distinct, 'distinct state')}, got ${result.stats.distinct}`);
    if (result.status === 'error') reasons.push(`the spec failed while evaluating ${result.error.kind} ${result.error.name}: ${result.error.message}`);
    if (result.status === 'incomplete') reasons.push(`the run stopped early (${result.bound})`);
    reasons.push(...faults);
    if (isNew && reasons.length === 0) reasons.push('nothing is pinned: no expectation was written');
    return {
      case: c.name,
      invariant,
      expected: isNew ? 'none' : expectationText(expected),
      actual: actual + (traceLength !== undefined ? ` (${traceLength})` : ''),
      ...(traceLength !== undefined ? { traceLength } : {}),
      distinct: result.stats.distinct,
      ...(c.distinct !== undefined && !isNew ? { expectedDistinct: c.distinct } : {}),
      seconds: result.stats.seconds,
      stats: result.stats,
      passed: reasons.length === 0,
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
      ...(verdict?.trace ? { trace: verdict.trace } : {}),
      model,
    };
  });
}

/**
 * What fails a case whatever its invariants' verdicts, as it fails `check`: a deadlock found, or a
 * reachability property that no state of the whole space satisfies. Neither can be pinned in a matrix.
 */
function caseFaults(result: CheckResult<State>): string[] {
  const faults: string[] = [];
  if (result.deadlock !== undefined) {
    faults.push(`the run found a deadlock, a state with no successor that the spec does not call terminal (shortest trace: ${counted(result.deadlock.length, 'state')})`);
  }
  for (const r of result.reachable ?? []) if (r.verdict === 'unreached') faults.push(`reachability property ${r.name} is never reached`);
  return faults;
}

/** The rows of a case whose model the spec could not build with the case's constants: each fails, naming the error. */
function unbuiltRows(c: MatrixCase, error: SpecBuildError, isNew: boolean): CiRow[] {
  return Object.entries(c.expect).map(([invariant, expected]) => ({
    case: c.name,
    invariant,
    expected: isNew ? 'none' : expectationText(expected),
    actual: 'unknown',
    ...(c.distinct !== undefined && !isNew ? { expectedDistinct: c.distinct } : {}),
    seconds: 0,
    passed: false,
    reason: `the spec failed to build the case's model: ${error.message}`,
  }));
}

/** An invariant's expectation as the report shows it: `holds`, `violated (7)`. */
function expectationText(expected: MatrixCase['expect'][string]): string {
  return expected.verdict + (expected.traceLength !== undefined ? ` (${expected.traceLength})` : '');
}

/** An invariant's expectation with the distinct count its case pins: `holds, 171 states`. */
function pinnedText(c: MatrixCase, invariant: string): string {
  const expected = c.expect[invariant];
  return (expected !== undefined ? expectationText(expected) : 'none') + (c.distinct !== undefined ? `, ${counted(c.distinct, 'state')}` : '');
}

/**
 * The rows of a case `--update` rewrites as `next`: a row whose pinned expectation changes (its
 * verdict, trace length or the case's distinct count; every row of a new matrix file) is written
 * anew, so it is not a failure but an update from the old expectation to the new one. A row whose
 * pin stays as it was is reported as found.
 */
function updatedRows(rows: readonly CiRow[], c: MatrixCase, next: MatrixCase, isNew: boolean): CiRow[] {
  return rows.map((row) => {
    const from = isNew ? 'none' : pinnedText(c, row.invariant);
    const to = pinnedText(next, row.invariant);
    if (from === to) return row;
    const { reason: _reason, ...rest } = row;
    return { ...rest, passed: true, updated: { from, to } };
  });
}

/** The expectations a result would pin, for `--update`. */
function updatedCase(c: MatrixCase, result: CheckResult<State>): MatrixCase {
  const expect: MatrixCase['expect'] = {};
  for (const name of Object.keys(c.expect)) {
    const verdict = result.invariants.find((v) => v.name === name);
    expect[name] =
      verdict?.verdict === 'violated'
        ? { verdict: 'violated', traceLength: verdict.trace?.length ?? 0 }
        : { verdict: 'holds' };
  }
  // A case pins its distinct count once all its verdicts hold; a case that pins one keeps it, at the count found.
  const pins = c.distinct !== undefined || Object.values(expect).every((e) => e.verdict === 'holds');
  const { distinct: _old, ...rest } = c;
  return { ...rest, expect, ...(pins ? { distinct: result.stats.distinct } : {}) };
}

/**
 * Runs `pika-mc ci`: every case of the matrix (or one shard of it); exit 0 only when all is as
 * expected. A signal stops the case under way: the cases run so far are reported (the stopped one
 * as unknown, the ones not started left out) and the exit code is the signal's.
 */
export async function runCi(options: CiCommandOptions, io: CliIo, signal?: AbortSignal): Promise<ExitCode> {
  if (options.junit !== undefined) checkOutPath('--junit', options.junit, io.cwd);
  if (options.html !== undefined) checkOutPath('--html', options.html, io.cwd, 'folder');
  if (options.spec !== undefined && options.matrix === undefined) throw new UsageError('--spec: give the matrix of its cases with --matrix <file> (--update writes a first one)');
  const path = options.matrix !== undefined ? resolve(io.cwd, options.matrix) : defaultMatrixPath();
  // The matrix shipped with an installed pika-mc is the package's own: --update would rewrite a file in node_modules.
  if (options.update && options.matrix === undefined && path.split(/[\\/]/).includes('node_modules')) {
    throw new UsageError(`--update rewrites the matrix file, and the one shipped (${path}) belongs to the installed pika-mc: give --matrix <file> to pin verdicts in a file of the project's own`);
  }
  const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
  const given = options.spec !== undefined ? await loadSpec(options.spec, io.cwd) : undefined;
  const label = given !== undefined ? (options.spec as string) : undefined;
  const checks = caseChecks(given?.spec);
  const isNew = given !== undefined && options.update && !existsSync(path);
  const matrix: Matrix = isNew ? firstMatrix(given.spec, label as string) : loadMatrix(path, checks.validate, checks.invariants, label);
  const selected = matrix.cases.filter((c) => shard === undefined || shardOf(c.name, shard.count) === shard.index);
  // A shard may hold no case when the matrix has few: it passes, but says so.
  if (shard !== undefined && selected.length === 0) {
    io.err(`shard ${shard.index}/${shard.count} of ${path} holds none of its ${counted(matrix.cases.length, 'case')}: nothing is checked\n`);
  }
  const updatingRows: CiRow[] = [];
  // The rows as found, reported instead when a signal stops the run and nothing is written.
  const foundRows: CiRow[] = [];
  const updated = new Map<string, MatrixCase>();
  const htmlDir = options.html !== undefined ? resolve(io.cwd, options.html) : undefined;
  if (htmlDir !== undefined) mkdirSync(htmlDir, { recursive: true });
  const htmlCases: { name: string; row: (rows: readonly CiRow[]) => CiCaseRow }[] = [];
  // Named over the whole matrix, so that a case has the same file in whichever shard runs it.
  const htmlFiles = caseFileNames(matrix.cases.map((c) => c.name));
  const progress = caseProgress(io, options.quiet === true, selected.length);
  for (const [index, c] of selected.entries()) {
    if (signal?.aborted) break;
    progress.starting(index, c.name);
    let model: Model<State>;
    try {
      model = caseModel(c, given?.spec);
    } catch (error) {
      if (!(error instanceof SpecBuildError)) throw error;
      // The case proves nothing: its rows fail, it is left as it was, and the other cases run.
      const rows = unbuiltRows(c, error, isNew);
      updatingRows.push(...rows);
      foundRows.push(...rows);
      if (htmlDir !== undefined) htmlCases.push(writeUnbuiltCaseHtml(htmlDir, htmlFiles.get(c.name) as string, c, error));
      continue;
    }
    const result = await check(model, { invariants: Object.keys(c.expect), ...(signal ? { signal } : {}) });
    const found = rowsOf(c, model, result, isNew);
    let caseRows = found;
    // A run that failed or stopped early proves no verdict, and a deadlock or a property never
    // reached is no verdict to pin: its case is left as it was, and fails.
    if (options.update && result.status !== 'error' && result.status !== 'incomplete' && caseFaults(result).length === 0) {
      const next = updatedCase(c, result);
      updated.set(c.name, next);
      caseRows = updatedRows(found, c, next, isNew);
    }
    updatingRows.push(...caseRows);
    foundRows.push(...found);
    if (htmlDir !== undefined) htmlCases.push(writeCaseHtml(htmlDir, htmlFiles.get(c.name) as string, c, model, result, given?.spec));
  }
  progress.finish();
  const rows = signal?.aborted ? foundRows : updatingRows;
  if (htmlDir !== undefined) {
    const shardText = shard ? `${shard.index}/${shard.count}` : undefined;
    const htmlRows = htmlCases.map((h) => h.row(rows.filter((r) => r.case === h.name)));
    writeFileSync(join(htmlDir, 'index.html'), ciIndexHtml(path, shardText, htmlRows));
    io.err(`wrote ${join(htmlDir, 'index.html')} and ${htmlRows.length} case report${htmlRows.length === 1 ? '' : 's'}\n`);
  }
  // A stopped run's expectations are not known: the matrix is left as it was. A new file gets only
  // the cases whose runs proved their verdicts, and is not written when none did.
  const kept = isNew ? matrix.cases.filter((c) => updated.has(c.name)) : matrix.cases;
  const writes = options.update && !signal?.aborted && kept.length > 0;
  if (writes) {
    const next: Matrix = { ...matrix, cases: kept.map((c) => updated.get(c.name) ?? c) };
    writeFileSync(path, formatMatrix(next, given === undefined));
    io.err(`wrote ${path}: the expectations of ${next.cases.length} case${next.cases.length === 1 ? '' : 's'}\n`);
  } else if (options.update) {
    io.err(`wrote nothing to ${path}: ${signal?.aborted ? 'the run was stopped' : 'no case proved its verdicts'}\n`);
  }
  const written = rows.filter((r) => r.updated !== undefined).length;
  const passed = rows.filter((r) => r.passed).length - written;
  const failed = rows.length - passed - written;
  if (options.junit !== undefined) writeOutFile(resolve(io.cwd, options.junit), junitXml(rows));
  if (options.format === 'json') {
    io.out(
      `${JSON.stringify(
        {
          matrix: path,
          ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
          passed,
          // With --update, `passed` counts the rows as pinned (passed and not updated), `updated` the rows written anew.
          ...(options.update ? { updated: written } : {}),
          failed,
          rows: rows.map((r) => ({
            case: r.case,
            invariant: r.invariant,
            expected: r.expected,
            actual: r.actual,
            traceLength: r.traceLength ?? null,
            distinct: r.distinct ?? null,
            seconds: Number(r.seconds.toFixed(3)),
            ...(r.expectedDistinct !== undefined ? { expectedDistinct: r.expectedDistinct } : {}),
            passed: r.passed,
            ...(r.updated ? { updated: r.updated } : {}),
            ...(r.reason ? { reason: r.reason } : {}),
            ...(!r.passed && r.trace && r.model ? { trace: traceJson(r.model, r.trace) } : {}),
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.out(renderCiText(rows, options, io, path, writes, shard));
  }
  // The job summary is written after the report, so that a summary that cannot be written loses nothing else.
  const summaryWritten = appendSummary(io, ciMarkdown(rows, shard, options.update && !signal?.aborted) + ciDiagrams(rows));
  if (signal?.aborted) {
    io.err(`pika-mc: stopped by ${String(signal.reason ?? 'a signal')} after ${rows.length === 0 ? 'no case' : `case ${rows[rows.length - 1]?.case}`}; ${selected.length - new Set(rows.map((r) => r.case)).size} not run\n`);
  }
  // A report not delivered in full comes before the signal and the verdicts, as the exit codes' precedence has it.
  if (!summaryWritten) return ExitCode.IoError;
  if (signal?.aborted) return stoppedBySignal(ExitCode.Interrupted, signal);
  return failed === 0 ? ExitCode.Ok : ExitCode.Policy;
}

/**
 * Appends `markdown` to the file `GITHUB_STEP_SUMMARY` names, when it names one; a file that cannot
 * be written is said on stderr in one line, and the result is false.
 */
function appendSummary(io: CliIo, markdown: string): boolean {
  const file = io.env['GITHUB_STEP_SUMMARY'];
  if (!file) return true;
  try {
    appendFileSync(file, markdown);
    return true;
  } catch (error) {
    if (!isEnvironmentFault(error)) throw error;
    io.err(`error: GITHUB_STEP_SUMMARY ${file}: cannot append the job summary (${(error as NodeJS.ErrnoException).code})\n`);
    return false;
  }
}

/** The text report: the table, each updated row's change, each failure's trace, and the counts. */
function renderCiText(rows: readonly CiRow[], options: CiCommandOptions, io: CliIo, path: string, wrote: boolean, shard?: { index: number; count: number }): string {
  const c = paletteFor(io, options.color);
  const header = ['case', 'invariant', 'expected', 'actual', 'trace', 'distinct', 'seconds'];
  const distinctCell = (r: CiRow): string =>
    r.stats === undefined
      ? '-'
      : r.expectedDistinct !== undefined && r.expectedDistinct !== r.distinct && r.updated === undefined ? `${r.distinct} (expected ${r.expectedDistinct})` : String(r.distinct);
  const table = rows.map((r) => [r.case, r.invariant, r.expected, r.actual, r.traceLength !== undefined ? String(r.traceLength) : '-', distinctCell(r), r.seconds.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd();
  const out: string[] = [c.dim(`matrix: ${path}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`), c.bold(line(header))];
  rows.forEach((r, i) => {
    const text = line(table[i] as string[]);
    out.push(r.updated !== undefined ? `${text}  ${c.yellow('updated')}` : r.passed ? `${text}  ${c.green('ok')}` : `${text}  ${c.red.bold('FAIL')}`);
  });
  const updated = rows.filter((row) => row.updated !== undefined);
  if (updated.length > 0) out.push('');
  for (const r of updated) out.push(`${r.case} / ${r.invariant}: updated: expected ${r.updated?.from ?? 'none'} → ${r.updated?.to ?? 'none'}`);
  for (const r of rows.filter((row) => !row.passed)) {
    out.push('', c.red.bold(`✗ ${r.case} / ${r.invariant}: ${r.reason ?? ''}`));
    if (r.trace && r.model) {
      out.push(renderTrace(r.model, r.trace, { palette: c, fullStates: false, style: { modelValues: new Set(r.model.modelValues) }, indent: '  ' }));
    } else if (r.stats) {
      out.push(`  ${statsLine(r.stats)}`);
    }
  }
  const passed = rows.filter((r) => r.passed).length - updated.length;
  const failed = rows.length - passed - updated.length;
  out.push(
    '',
    !options.update
      ? `${passed} passed, ${failed} failed`
      : wrote
        ? `${passed} passed, ${updated.length} updated, ${failed} failed; ${updated.length} row${updated.length === 1 ? '' : 's'} written to ${path}`
        : `${passed} passed, ${updated.length} updated, ${failed} failed; nothing written to ${path}`,
  );
  return `${out.join('\n')}\n`;
}
