import { UsageError } from '../checker/index.js';
import { findScenario, SCENARIOS } from '../spec/pika/scenarios.js';

/** The constants a scenario presets, refusing an unknown name or a scenario of another model. */
export function scenarioConstants(name: string, model?: string): { readonly [name: string]: number | string } {
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`unknown scenario '${name}' (valid: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  if (model !== undefined && scenario.model !== model) {
    throw new UsageError(`scenario '${name}' is a scenario of --model ${scenario.model}, not ${model}`);
  }
  return scenario.constants;
}
