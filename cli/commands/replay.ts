import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../../checker/index.js';
import type { State } from '../../checker/index.js';
import { itfDocuments } from '../checkReport.js';
import { ExitCode } from '../exitCodes.js';
import type { CliIo } from '../io.js';
import { reportPalette } from '../io.js';
import { checkOutFiles, FORMATS, perTrace, writeDocuments } from '../output.js';
import { collect } from '../parse.js';
import type { OutputDocument, OutputFormat } from '../output.js';
import { readTraceFile, replayRecorded } from '../replay.js';
import { traceJson } from '../render/checkJson.js';
import { mermaidMarkdown } from '../render/mermaid.js';
import { tracesHtml } from '../render/html/tracesHtml.js';
import { tlcFinding } from '../render/tlc.js';
import { renderTrace } from '../render/trace.js';
import { constantsSummary, recordedTarget } from '../target.js';
import { traceTitle } from '../traces.js';
import type { NamedTrace, RunInfo } from '../traces.js';
import type { Json } from '../render/values.js';
import { counted } from '../render/stats.js';

/** The options of `pika-mc replay`. */
export interface ReplayCommandOptions {
  readonly format: OutputFormat;
  readonly out?: string;
  readonly spec?: string;
  readonly invariant?: readonly string[];
  readonly color: boolean;
  readonly fullStates: boolean;
  readonly quiet: boolean;
}

function replayJson(info: RunInfo, traces: readonly NamedTrace[]): string {
  const doc: Json = {
    spec: info.model.name,
    model: info.modelName,
    ...(info.module !== undefined ? { module: info.module } : {}),
    constants: { ...info.constants } as Json,
    traces: traces.map((t) => ({
      name: t.name,
      kind: t.kind,
      traceLength: t.trace.length,
      ...(t.loopStart !== undefined ? { loopStart: t.loopStart } : {}),
      trace: traceJson(info.model, t.trace),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function documentsOf(format: OutputFormat, info: RunInfo, traces: readonly NamedTrace[], options: ReplayCommandOptions, io: CliIo): OutputDocument[] {
  const split = perTrace(options.out);
  const palette = reportPalette(io, format, options.color, options.out);
  const context = `${info.model.name}, ${constantsSummary(info.constants)}`;
  const one = (t: NamedTrace): string => {
    switch (format) {
      case 'json':
        return replayJson(info, [t]);
      case 'tlc':
        return `${tlcFinding(info.model, t)}\n`;
      case 'mermaid':
        return mermaidMarkdown(info.model, [t], context);
      case 'html':
        return tracesHtml(info.model, [t], `${traceTitle(t)}: it replays`, context);
      default: {
        const layout = { palette, fullStates: options.fullStates, style: { modelValues: new Set(info.model.modelValues) }, indent: '  ' };
        return `${palette.green('✓')} replays: ${traceTitle(t)}, ${counted(t.trace.length, 'state')} (${context})\n${renderTrace(info.model, t.trace, layout)}\n`;
      }
    }
  };
  if (format === 'itf') return itfDocuments(info, traces, split);
  if (split) return traces.map((t) => ({ name: t.name, text: one(t) }));
  if (format === 'json') return [{ text: replayJson(info, traces) }];
  if (format === 'mermaid') return [{ text: mermaidMarkdown(info.model, traces, context) }];
  if (format === 'html') return [{ text: tracesHtml(info.model, traces, `${traces.length} trace${traces.length === 1 ? '' : 's'} that replay`, context) }];
  return [{ text: traces.map(one).join('\n') }];
}

/**
 * Runs `pika-mc replay`: reads an ITF or JSON trace written by pika-mc, re-creates its spec with the
 * constants it records (a built-in model by name, a user's module only from `--spec`), re-validates
 * every step, and prints the traces that replay in any format.
 * Exit 0 when every trace replays, 1 when one does not (with the step and why), 2 on a bad file.
 */
export async function runReplay(file: string, options: ReplayCommandOptions, io: CliIo): Promise<ExitCode> {
  let content: string;
  try {
    content = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch {
    throw new UsageError(`replay: cannot read ${file}`);
  }
  const recorded = readTraceFile(content, file);
  let selected = recorded.traces;
  if (options.invariant) {
    const names = new Set(options.invariant);
    selected = selected.filter((t) => names.has(t.name));
    if (selected.length === 0) {
      throw new UsageError(`replay: ${file} has no trace named ${options.invariant.join(', ')} (it has: ${recorded.traces.map((t) => t.name).join(', ')})`);
    }
  }
  if (options.out !== undefined) checkOutFiles('--out', options.out, io.cwd, selected.map((t) => ({ name: t.name, kind: t.kind ?? 'trace' })));
  const info = await recordedTarget(recorded, io, options.spec);
  const replayed: NamedTrace<State>[] = [];
  let failed = 0;
  for (const trace of selected) {
    const outcome = replayRecorded(info.model, recorded.encoding, trace);
    if (outcome.ok) replayed.push(outcome.trace);
    else {
      failed++;
      io.err(`trace ${trace.name} does not replay at step ${outcome.step}: ${outcome.reason}\n`);
    }
  }
  if (replayed.length > 0) writeDocuments(io, options.out, documentsOf(options.format, info, replayed, options, io), options.quiet);
  return failed > 0 ? ExitCode.Policy : ExitCode.Ok;
}

/** Adds `pika-mc replay <trace>`. */
export function addReplayCommand(program: Command, io: CliIo, run: { code: ExitCode }): void {
  program
    .command('replay')
    .description('re-validate an ITF or JSON trace written by pika-mc against its spec and constants, and print it (exit 1 if it does not replay)')
    .argument('<trace>', 'the trace file (.itf.json, or the JSON of check --format json)')
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--out <path>', 'write the output there instead of stdout; {invariant} in the path gives each trace its own file')
    .option('--spec <module>', 'the spec module to replay against; a trace that records a module replays only with this flag, since replay imports no module a file names')
    .option('--invariant <name>', 'replay only the trace of this invariant (repeatable)', collect)
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .option('--full-states', 'print every variable of every trace state, not only the changed ones', false)
    .option('--quiet', 'do not say on stderr which files were written', false)
    .action(async (trace: string, options: ReplayCommandOptions) => {
      run.code = await runReplay(trace, options, io);
    });
}
