import { UsageError } from '../checker/index.js';
import type { CheckResult, State } from '../checker/index.js';
import type { CliIo } from './io.js';
import { paletteFor } from './io.js';
import { perTrace, PER_TRACE, writeDocuments } from './output.js';
import type { OutputDocument, OutputFormat } from './output.js';
import { checkJson } from './render/checkJson.js';
import { renderCheckText } from './render/checkText.js';
import { itfTrace } from './render/itf.js';
import { mermaidMarkdown } from './render/mermaid.js';
import { renderTlc } from './render/tlc.js';
import type { RunTarget } from './target.js';
import { resultFor, tracesOf } from './traces.js';
import type { NamedTrace, RunInfo } from './traces.js';

/** The options of `check` that shape its report. */
export interface ReportOptions {
  readonly format: OutputFormat;
  readonly out?: string;
  readonly color: boolean;
  readonly fullStates: boolean;
  readonly deadlock: boolean;
  readonly quiet: boolean;
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

/**
 * Prints a check's report in the chosen format, to stdout or `--out`. text, json and tlc are whole
 * reports (one per trace with `{invariant}`); mermaid is one diagram per trace; itf holds one trace a
 * file, so a run with several needs `{invariant}` in `--out`.
 */
export function writeCheckReport(result: CheckResult<State>, target: RunTarget, options: ReportOptions, io: CliIo, exitCode: number): void {
  // Colour only for a terminal: never in a file.
  const palette = paletteFor(io, options.out === undefined ? options.color : false);
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
        return renderTlc(r, model, tracesOf(r), palette, new Date());
      default:
        return renderCheckText(r, {
          model,
          title: target.title,
          variant: target.variant,
          palette,
          fullStates: options.fullStates,
          explain: (invariant, state) => target.builtin.explain(invariant, state, model.constants),
          deadlockChecked: options.deadlock,
        });
    }
  };
  const traces = tracesOf(result);
  const split = perTrace(options.out);
  let documents: OutputDocument[];
  if (options.format === 'itf') {
    documents = itfDocuments(target.info, traces, split);
  } else if (options.format === 'mermaid') {
    documents = split
      ? traces.map((t) => ({ name: t.name, text: mermaidMarkdown(model, [t], target.title) }))
      : [{ text: mermaidMarkdown(model, traces, target.title) }];
  } else {
    documents = split ? traces.map((t) => ({ name: t.name, text: report(resultFor(result, t)) })) : [{ text: report(result) }];
  }
  writeDocuments(io, options.out, documents, options.quiet);
}
