import type { CliIo } from '../io.js';
import { paletteFor } from '../io.js';
import { REGISTRY } from '../registry.js';
import { VARIANT_AXES } from '../../spec/pika/variantAxes.js';
import { ExitCode } from '../exitCodes.js';

/** Runs `pika-mc variants`: every variant axis with what each value models and its Pika version. */
export function runVariants(io: CliIo, color: boolean): ExitCode {
  const c = paletteFor(io, color);
  const lines: string[] = [c.bold('Models (--model):')];
  for (const entry of REGISTRY) lines.push(`  ${c.cyan(entry.name.padEnd(19))} ${entry.description}`);
  for (const axis of VARIANT_AXES) {
    lines.push('', c.bold(`${axis.option}:`));
    for (const { value, meaning } of axis.values) lines.push(`  ${c.cyan(value.padEnd(16))} ${meaning}`);
  }
  io.out(`${lines.join('\n')}\n`);
  return ExitCode.Ok;
}
