import { SCENARIOS } from '../../spec/pika/scenarios.js';
import { ExitCode } from '../exitCodes.js';
import type { CliIo } from '../io.js';
import { paletteFor } from '../io.js';
import { counted } from '../render/stats.js';

/** Runs `pika-mc scenarios`: the catalogue, one entry per scenario. */
export function runScenarios(io: CliIo, options: { color: boolean; format: string }): ExitCode {
  if (options.format === 'json') {
    io.out(`${JSON.stringify(SCENARIOS, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const c = paletteFor(io, options.color);
  const blocks = SCENARIOS.map((s) => {
    const constants = Object.entries(s.constants)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const expect = Object.entries(s.expect)
      .map(([name, e]) => `${name} ${e.verdict === 'holds' ? c.green('holds') : c.red(`violated (${e.traceLength === undefined ? '? states' : counted(e.traceLength, 'state')})`)}`)
      .join(', ');
    return [
      `${c.bold.cyan(s.name)} (--model ${s.model}): ${s.title}`,
      `  ${c.dim(constants)}`,
      `  expects: ${expect}${s.distinct ? ` (${counted(s.distinct, 'distinct state')})` : ''}`,
      ...(s.fixedBy ? [`  fixed by: ${s.fixedBy}`] : []),
      `  run: pika-mc check --scenario ${s.name}`,
    ].join('\n');
  });
  io.out(`${blocks.join('\n\n')}\n`);
  return ExitCode.Ok;
}
