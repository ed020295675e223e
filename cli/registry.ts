import { fileURLToPath } from 'node:url';
import type { Constants, Spec, State } from '../checker/index.js';
import dieHard from '../spec/conformance/dieHard.js';
import diningPhilosophers from '../spec/conformance/diningPhilosophers.js';
import peterson from '../spec/conformance/peterson.js';
import readersWriters from '../spec/conformance/readersWriters.js';
import tCommit from '../spec/conformance/tCommit.js';
import twoPhase from '../spec/conformance/twoPhase.js';
import { models } from '../spec/pika/index.js';

/** A built-in spec the CLI finds by name (`--model`): its spec, and the module worker threads load it from. */
export interface RegistryEntry {
  readonly name: string;
  readonly spec: Spec<State, Constants>;
  /** The module that default-exports `spec`. */
  readonly module: URL;
  /** One line on what it models. */
  readonly description: string;
}

function entry(name: string, spec: unknown, module: URL, description?: string): RegistryEntry {
  const s = spec as Spec<State, Constants>;
  return { name, spec: s, module, description: description ?? s.description };
}

/** The built-in specs: Pika's replication model (the default), bgsave on a slave, and the TLA+ conformance models. */
export const REGISTRY: readonly RegistryEntry[] = [
  entry('replication', models.replication.spec, new URL('../spec/pika/replication.js', import.meta.url), models.replication.description),
  entry('slave-bgsave', models['slave-bgsave'].spec, new URL('../spec/pika/slaveBgsave.js', import.meta.url), models['slave-bgsave'].description),
  entry('die-hard', dieHard, new URL('../spec/conformance/dieHard.js', import.meta.url)),
  entry('dining-philosophers', diningPhilosophers, new URL('../spec/conformance/diningPhilosophers.js', import.meta.url)),
  entry('peterson', peterson, new URL('../spec/conformance/peterson.js', import.meta.url)),
  entry('readers-writers', readersWriters, new URL('../spec/conformance/readersWriters.js', import.meta.url)),
  entry('t-commit', tCommit, new URL('../spec/conformance/tCommit.js', import.meta.url)),
  entry('two-phase', twoPhase, new URL('../spec/conformance/twoPhase.js', import.meta.url)),
];

/** The model `check`, `simulate` and `explore` take without `--model`, `--spec` or `--scenario`. */
export const DEFAULT_MODEL = 'replication';

/** The built-in spec named `name`. */
export function findModel(name: string): RegistryEntry | undefined {
  return REGISTRY.find((e) => e.name === name);
}

/** The default model's entry. */
export function defaultModel(): RegistryEntry {
  return findModel(DEFAULT_MODEL) as RegistryEntry;
}

/** The built-in spec whose module is at `path` (as a checkpoint records it). */
export function modelOfModule(path: string): RegistryEntry | undefined {
  return REGISTRY.find((e) => fileURLToPath(e.module) === path);
}

/** The built-in spec that has a scenario named `scenario`. */
export function modelOfScenario(scenario: string): RegistryEntry | undefined {
  return REGISTRY.find((e) => e.spec.scenarios.some((s) => s.name === scenario));
}

/** The names of the built-in specs, for messages. */
export function modelNames(): string {
  return REGISTRY.map((e) => e.name).join(', ');
}
