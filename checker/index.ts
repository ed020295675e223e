export { defineSpec, exists, either, isSpec } from './spec/define.js';
export { check, checkSync } from './explore/check.js';
export { compile } from './spec/compile.js';
export type { Model, CompiledAction, CompiledInvariant } from './spec/compile.js';
export { successorsOf, labelOf } from './spec/successors.js';
export { replayProblem } from './spec/replay.js';
export { SpecBuildError, SpecEvaluationError, SpecExitError, UsageError, InternalError } from './errors.js';
export { Branches } from './spec/types.js';
export type * from './spec/types.js';
export type { CheckOptions } from './explore/options.js';
export { readCheckpointHeader } from './checkpoint/checkpoint.js';
export type { CheckpointHeader, CheckpointIdentity } from './checkpoint/checkpoint.js';
export { simulate, simulateSync } from './simulate/simulate.js';
export type { SimulateOptions, SimulationProgress, SimulationResult, SimulationVerdict, SimulationStats, SimulationStop, ActionTaken } from './simulate/types.js';
export { shrinkTrace } from './simulate/shrink.js';
export type { ShrinkClaim, ShrinkOptions, ShrinkResult, ShrinkTarget } from './simulate/shrink.js';
export { Random } from './simulate/random.js';
export type { Seed } from './simulate/random.js';
export { eventually, alwaysEventually, eventuallyAlways, leadsTo, forAll, weakFair, strongFair } from './spec/temporal.js';
// Immutable's constructors, so that a spec imports everything it needs from 'pika-mc' and builds its
// states with the copy of Immutable that pika-mc itself compares and fingerprints them with.
export { Record, Map, Set, List, OrderedMap, OrderedSet, Stack, Seq, Range, is } from 'immutable';
export type { RecordOf, ValueObject } from 'immutable';
