import { UsageError } from '../checker/index.js';
import { findModel, modelOfScenario, modelNames } from './registry.js';

/** The constants a built-in spec's scenario presets, refusing an unknown name or a scenario of another spec. */
export function scenarioConstants(name: string, model: string): { readonly [name: string]: unknown } {
  const entry = findModel(model);
  if (entry === undefined) throw new UsageError(`unknown model '${model}' (valid: ${modelNames()})`);
  const scenario = entry.spec.scenarios.find((s) => s.name === name);
  if (scenario !== undefined) return scenario.constants;
  const owner = modelOfScenario(name);
  if (owner !== undefined) throw new UsageError(`scenario '${name}' is a scenario of --model ${owner.name}, not ${model}`);
  throw new UsageError(`unknown scenario '${name}' (valid: ${entry.spec.scenarios.map((s) => s.name).join(', ')})`);
}
