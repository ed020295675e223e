import { checkSync, UsageError } from '../checker/index.js';
import type { CheckResult, InvariantVerdict, Model, State } from '../checker/index.js';
import { findScenario } from '../spec/pika/scenarios.js';
import type { Scenario } from '../spec/pika/scenarios.js';
import { caseModel } from './commands/ci.js';
import { findModel } from './registry.js';
import type { RegistryEntry } from './registry.js';
import { count, counted } from './render/stats.js';

/** What the model leaves out of Pika, said once per model. */
export const LEAVES_OUT: { readonly [model: string]: string } = {
  replication:
    'The model has one DB and one slave. Each client runs one command on one key, and a command changes the key\'s value by one (a counter for INCR and DECR, the length of the list for LPUSH and LPOP, counted from the elements the list starts with); it is logged as received or as the value it produced, as the modelled version logs it. ' +
    'A binlog append is atomic and the producer offset moves at its end (as `Binlog::Put` publishes it); offsets are entry counts, not byte positions. ' +
    'bgsave\'s file copy and its `info` file come after the exclusive section; they matter only to FLUSHDB, which refuses to flush while bgsave runs, and are modelled as one step where that is the point (`--bgsave-span whole`). A reused older dump (`TryDBSync`) is not modelled. ' +
    'There are no crashes, network failures, reconnects or purges, and the slave applies entries in order with no de-duplication, as Pika does.',
  'slave-bgsave':
    'The master\'s entries arrive in order and each is an INCR on the key chosen by its position; one async DB worker per key applies them, under the record lock and `dbs_rw_` shared. Pika hashes an entry\'s first key over a fixed number of workers, so two keys may share a worker: one worker per key allows every reordering Pika allows, and some it does not. ' +
    'Offsets are entry counts. A crash is one step that drops what is queued and restarts the slave where it resumes (`--crashes`); a crash inside bgsave\'s exclusive section, reconnects without a crash, and FLUSHDB on the slave (which waits for the DB-write queue to drain, #2808) are not modelled.',
};

/** A finding as the checker establishes it: the scenario's check, its shortest trace, its consequence, and its fix's check. */
export interface Finding {
  readonly scenario: Scenario;
  readonly entry: RegistryEntry;
  readonly model: Model<State>;
  readonly result: CheckResult<State>;
  /** The scenario's headline invariant if it is violated, else the first violated one: the shortest trace of the finding. */
  readonly main?: InvariantVerdict<State>;
  /** What the race leads to on a replica: ReplicaConverges when violated, else another violated invariant. */
  readonly consequence?: InvariantVerdict<State>;
  readonly fix?: { readonly scenario: Scenario; readonly model: Model<State>; readonly result: CheckResult<State> };
}

/** Checks a scenario and its fix, so that a write-up is made from the checker's own results. */
export function findingOf(scenario: Scenario): Finding {
  const entry = findModel(scenario.model);
  if (!entry) throw new UsageError(`scenario ${scenario.name} names an unknown model`);
  const model = caseModel({ model: scenario.model, scenario: scenario.name, constants: {} });
  const result = checkSync(model);
  const violated = result.invariants.filter((v) => v.verdict === 'violated' && v.trace);
  const main = violated.find((v) => v.name === scenario.headline) ?? violated[0];
  const consequence = violated.find((v) => v.name === 'ReplicaConverges') ?? violated.find((v) => v !== main);
  const fixScenario = scenario.fixedBy !== undefined ? findScenario(scenario.fixedBy) : undefined;
  let fix: Finding['fix'];
  if (fixScenario) {
    const fixModel = caseModel({ model: fixScenario.model, scenario: fixScenario.name, constants: {} });
    fix = { scenario: fixScenario, model: fixModel, result: checkSync(fixModel) };
  }
  return {
    scenario,
    entry,
    model,
    result,
    ...(main ? { main } : {}),
    ...(consequence ? { consequence } : {}),
    ...(fix ? { fix } : {}),
  };
}

/** `clients=2, keys=1, …`: a model's constants on one line. */
export function constantsLine(model: Model<State>): string {
  return Object.entries(model.constants)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

/** `255 distinct states, 389 generated, depth 18`. */
export function figures(result: CheckResult<State>): string {
  const s = result.stats;
  return `${counted(s.distinct, 'distinct state')}, ${count(s.generated)} generated, depth ${s.depth}`;
}

/** Whether a scenario's run violates an invariant: a finding shows what breaks, a fix what the checker proves. */
export function breaks(result: { readonly invariants: readonly { readonly verdict: string }[] }): boolean {
  return result.invariants.some((v) => v.verdict === 'violated');
}
