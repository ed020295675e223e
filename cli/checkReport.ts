import { UsageError } from '../checker/index.js';
import type { CheckResult, Model, State } from '../checker/index.js';
import type { CliIo } from './io.js';
import { reportPalette } from './io.js';
import { checkOutFiles, checkOutPath, perTrace, PER_TRACE, writeDocuments } from './output.js';
import type { OutputDocument, OutputFormat } from './output.js';
import { checkJson } from './render/checkJson.js';
import { checkHtml } from './render/html/checkHtml.js';
import { renderCheckText } from './render/checkText.js';
import { itfTrace } from './render/itf.js';
import { mermaidMarkdown } from './render/mermaid.js';
import { renderTlc } from './render/tlc.js';
import type { RunTarget } from './target.js';
import { possibleTraces, resultFor, tracesOf } from './traces.js';
import type { NamedTrace, RunInfo } from './traces.js';

/** The options of `check` that shape its report. */
export interface ReportOptions {
  readonly format: OutputFormat;
  readonly out?: string;
  readonly color: boolean;
  readonly fullStates: boolean;
  readonly deadlock: boolean;
  readonly quiet: boolean;
  /** The bounds and engine options, shown in the HTML report's summary of the run. */
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeLimit?: number;
  readonly maxMemory?: number;
  readonly workers?: number;
  readonly exact?: boolean;
}

/** The options a run was given that change what it explores or how, as `[flag, value]` pairs. */
function shownOptions(options: ReportOptions): [string, string][] {
  const shown: [string, string][] = [];
  if (options.maxStates !== undefined) shown.push(['--max-states', String(options.maxStates)]);
  if (options.maxDepth !== undefined) shown.push(['--max-depth', String(options.maxDepth)]);
  if (options.timeLimit !== undefined) shown.push(['--time-limit', `${options.timeLimit} s`]);
  if (options.maxMemory !== undefined) shown.push(['--max-memory', `${options.maxMemory} MB`]);
  if (options.workers !== undefined) shown.push(['--workers', String(options.workers)]);
  if (options.exact === true) shown.push(['--exact', 'states told apart by value']);
  return shown;
}

/** One ITF file per trace; refuses several traces for one file, since ITF holds one trace a file. */
export function itfDocuments<S extends State>(info: RunInfo<S>, traces: readonly NamedTrace<S>[], split: boolean): OutputDocument[] {
  if (traces.length > 1 && !split) {
    const names = traces.map((t) => t.name).join(', ');
    throw new UsageError(
      `--format itf holds one trace a file, and there are ${traces.length} (${names}): put ${PER_TRACE} in --out (--out trace-${PER_TRACE}.itf.json), or pick one with --invariant`,
    );
  }
  return traces.map((t) => ({ name: t.name, text: `${JSON.stringify(itfTrace(info, t), null, 2)}\n` }));
}

/** The options of `check` that name files and folders it writes. */
export interface OutputPaths {
  readonly out?: string;
  readonly dumpGraph?: string;
  readonly checkpoint?: string;
  readonly invariant?: readonly string[];
  readonly property?: readonly string[];
  readonly deadlock: boolean;
}

/**
 * Refuses, before the run, output paths `check` could not write: `--out` (each trace's file with
 * `{invariant}`, none two to one file), `--dump-graph` and the `--checkpoint` folder.
 */
export function checkOutputPaths(options: OutputPaths, model: Model<State>, cwd: string): void {
  if (options.out !== undefined) checkOutFiles('--out', options.out, cwd, possibleTraces(model, options));
  if (options.dumpGraph !== undefined) checkOutPath('--dump-graph', options.dumpGraph, cwd);
  if (options.checkpoint !== undefined) checkOutPath('--checkpoint', options.checkpoint, cwd, 'folder');
}

/**
 * Prints a check's report in the chosen format, to stdout or `--out`. text, json and tlc are whole
 * reports (one per trace with `{invariant}`, or on stdout when there is none); mermaid is one diagram per trace; itf holds one trace a
 * file, so a run with several needs `{invariant}` in `--out`.
 */
export function writeCheckReport(result: CheckResult<State>, target: RunTarget, options: ReportOptions, io: CliIo, exitCode: number, terminated = false): void {
  const palette = reportPalette(io, options.format, options.color, options.out);
  const model = target.model;
  const report = (r: CheckResult<State>): string => {
    switch (options.format) {
      case 'json':
        return `${JSON.stringify(
          checkJson(r, model, { model: target.info.modelName, exitCode, ...(target.info.module !== undefined ? { module: target.info.module } : {}) }),
          null,
          2,
        )}\n`;
      case 'tlc':
        return renderTlc(r, model, tracesOf(r), new Date());
      case 'html':
        return checkHtml(r, {
          model,
          spec: target.spec,
          title: target.title,
          variant: target.variant,
          exitCode,
          terminated,
          options: shownOptions(options),
          ...(target.explain ? { explain: target.explain } : {}),
          deadlockChecked: options.deadlock,
        });
      default:
        return renderCheckText(r, {
          model,
          title: target.title,
          variant: target.variant,
          palette,
          fullStates: options.fullStates,
          ...(target.explain ? { explain: target.explain } : {}),
          deadlockChecked: options.deadlock,
          terminated,
        });
    }
  };
  const traces = tracesOf(result);
  const split = perTrace(options.out);
  let out = options.out;
  let documents: OutputDocument[];
  if (options.format === 'itf') {
    documents = itfDocuments(target.info, traces, split);
  } else if (options.format === 'mermaid') {
    documents = split
      ? traces.map((t) => ({ name: t.name, text: mermaidMarkdown(model, [t], target.title) }))
      : [{ text: mermaidMarkdown(model, traces, target.title) }];
  } else if (split && traces.length === 0) {
    // No trace to give a file of its own: the report, with its verdicts and figures, goes to stdout rather than nowhere.
    if (!options.quiet) io.err(`no trace to write to ${options.out}: the run found none; the report is on stdout\n`);
    out = undefined;
    documents = [{ text: report(result) }];
  } else {
    documents = split ? traces.map((t) => ({ name: t.name, text: report(resultFor(result, t)) })) : [{ text: report(result) }];
  }
  writeDocuments(io, out, documents, options.quiet);
}
