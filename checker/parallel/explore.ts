import type { ExploreOutcome, ExploreSettings } from '../explore/engine.js';
import type { Model } from '../spec/compile.js';
import { InternalError, SpecEvaluationError } from '../errors.js';
import { FingerprintSeenSet } from '../explore/seenSet.js';
import type { Bound, State } from '../spec/types.js';
import { TraceEnds } from './traceEnds.js';
import type { PackedStates } from './handOver.js';
import { MainThreadMember } from './local.js';
import type { PoolThread } from './local.js';
import { WorkerPool } from './pool.js';
import type { PoolSettings } from './pool.js';
import { PoolMember } from './member.js';
import { Control, ProgressSlot } from './protocol.js';
import type { Command, FoundError, FoundViolation, LevelReport, Report } from './protocol.js';
import { capacityFor, capacityToHold, growthAfter, LOAD, SharedFingerprintSet } from './sharedFingerprintSet.js';
import { SharedTraceLog } from './sharedTraceLog.js';

/** Fewest states moved from one worker to another to even out their shares, and fewest as a share of the level. */
const MIN_MOVE = 256;
const MIN_MOVE_SHARE = 0.005;

/** The part of the level the worker threads join at that the main thread keeps (its code and memos are the warmest: a thread warms up only briefly, see WarmUp). */
const LOCAL_SHARE = 0.5;

/** How to run the workers: the worker threads, and the level size at which they join the main thread. */
export interface ParallelSettings extends PoolSettings {
  readonly threshold: number;
}

/**
 * Whether the worker threads are wanted, between a level of `lastSize` states and one of `levelSize`:
 * when that level, or the next if it grows as this one did, holds `threshold` states. They are
 * started a level before they join, to load the spec and warm up meanwhile; not in a run whose
 * levels stay smaller, where they would only take a core from the main thread.
 */
export function workersWanted(levelSize: number, lastSize: number, threshold: number): boolean {
  return levelSize * (lastSize > 0 ? Math.max(1, levelSize / lastSize) : 1) >= threshold;
}

function isLevel(report: Report): LevelReport {
  if (report.kind !== 'level') throw new InternalError(`a worker sent '${report.kind}' where a level report was expected`);
  return report;
}

/** The least of two violations (or failures) by (parent, ordinal). */
function least<T extends { parent: number; ordinal?: number }>(a: T | undefined, b: T): T {
  if (a === undefined) return b;
  if (b.parent !== a.parent) return b.parent < a.parent ? b : a;
  return (b.ordinal ?? -1) < (a.ordinal ?? -1) ? b : a;
}

/**
 * Continues a run begun in the main thread and handed over between two levels (`prefix`) as a
 * level-synchronous breadth-first search by `parallel.workers` workers: the main thread, alone until
 * a level holds `parallel.threshold` states, and then as many worker threads less one, which it
 * gives part of its states. Each worker expands the states it found, with one shared seen set and
 * trace log. Between levels the main thread grows the seen set when needed, evens out the shares,
 * and merges what the workers found: figures per level (the same for any number of workers), the
 * least violation of each invariant at the least depth, deadlocks and failures, rebuilt by replay.
 * A level is always completed, unless a bound or a failure stops it.
 */
export async function exploreParallel<S extends State>(
  model: Model<S>,
  settings: ExploreSettings<S>,
  parallel: ParallelSettings,
  prefix: ExploreOutcome<S>,
): Promise<ExploreOutcome<S>> {
  const handOff = prefix.handOff;
  if (!handOff || !(settings.seen instanceof FingerprintSeenSet)) throw new InternalError('a parallel run continues a run handed over with its fingerprint set');
  const words = settings.seen.table.toWords();
  let seen = SharedFingerprintSet.create(Math.ceil((words.length / 2 + 2 * handOff.level.length) / LOAD) + 16);
  for (let i = 0; i < words.length; i += 2) seen.addAlone(words[i] as number, words[i + 1] as number);
  const log = SharedTraceLog.create();
  for (let i = 0; i < prefix.log.size; i++) log.append(prefix.log.hi(i), prefix.log.lo(i), prefix.log.parent(i), settings.maxStates);
  const control = new Int32Array(new SharedArrayBuffer(4 * Control.Length));
  const progress = new Float64Array(new SharedArrayBuffer(8 * ProgressSlot.Length * parallel.workers));
  // The main thread is one of the workers (progress slot 0), with the memos of the levels it explored.
  const local = new PoolMember<S>(
    {
      model,
      keyer: settings.keyer,
      invariants: settings.invariants,
      log,
      control,
      progress: new Float64Array(progress.buffer, 0, ProgressSlot.Length),
      maxStates: settings.maxStates,
      memo: settings.memo,
    },
    handOff.memos,
  );
  local.receiveAll(handOff.level);
  const here = new MainThreadMember(local);
  /** The workers of the level: the main thread alone until the worker threads join. */
  let workers: PoolThread[] = [here];
  let pool: WorkerPool | undefined;
  const traceEnds = new TraceEnds(model, log, settings.keyer);
  const outcome: ExploreOutcome<S> = {
    violations: new Map(prefix.violations),
    ...(prefix.deadlock ? { deadlock: prefix.deadlock } : {}),
    log,
    generated: prefix.generated,
    depth: prefix.depth,
    queue: 0,
    startedAt: prefix.startedAt,
  };
  const pending = settings.invariants.filter((inv) => !outcome.violations.has(inv.name)).map((inv) => inv.name);
  const stopsWhenAllFound = !settings.continue && settings.invariants.some((inv) => !inv.reachable);
  const allFound = (): boolean => stopsWhenAllFound && pending.length === 0;
  const firstFound = (): boolean => settings.stopAtFirst && (outcome.deadlock !== undefined || settings.invariants.some((inv) => !inv.reachable && outcome.violations.has(inv.name)));

  let bound: Bound | undefined;
  let levelSize = handOff.level.length;
  /** The size of the level before. */
  let lastSize = handOff.lastSize;
  /** States numbered so far (the log hands out numbers it does not use). */
  let distinct = prefix.log.size;
  let lastProgress = settings.now();
  /** Resolves once a bound is reached: a wait for the worker threads to load the spec ends then too. */
  let heardBound = (): void => undefined;
  const bounded = new Promise<void>((resolve) => (heardBound = resolve));
  const watch = setInterval(() => {
    const now = settings.now();
    bound ??= boundReached(settings, now);
    if (bound) {
      Atomics.store(control, Control.Stop, 1);
      heardBound();
    }
    if (settings.onProgress && now - lastProgress >= settings.progressMs) {
      lastProgress = now;
      let generated = 0;
      let expanded = 0;
      let found = 0;
      for (let w = 0; w < parallel.workers; w++) {
        generated += progress[w * ProgressSlot.Length + ProgressSlot.Generated] as number;
        expanded += progress[w * ProgressSlot.Length + ProgressSlot.Expanded] as number;
        found += progress[w * ProgressSlot.Length + ProgressSlot.Found] as number;
      }
      settings.onProgress({
        depth: outcome.depth,
        generated: outcome.generated + generated,
        distinct: distinct + found,
        queue: levelSize - expanded + found,
        seconds: (now - outcome.startedAt) / 1000,
      });
    }
  }, 20);

  try {
    /**
     * The worker threads join, once they have loaded the spec: the main thread gives each a run of
     * the states of the level that begins, keeping the largest (it is warm). The main thread comes
     * last among the workers, so that the threads have their commands before it starts on its share.
     * Undefined when a bound comes first: a spec that loads slowly, or never, in a worker thread
     * does not keep the run from stopping.
     */
    const join = async (threads: WorkerPool): Promise<PoolThread[] | undefined> => {
      const loaded = threads.loaded();
      // Its failure after the run stopped is of no interest, but must not go unhandled.
      loaded.catch(() => undefined);
      await Promise.race([loaded, bounded]);
      if (bound !== undefined) return undefined;
      await loaded;
      const each = Math.floor((levelSize * (1 - LOCAL_SHARE)) / threads.handles.length);
      const taken = threads.handles.map((w) => w.request({ kind: 'start', log: log.buffers, states: local.give(each) }));
      for (const report of await Promise.all(taken)) {
        if (report.kind !== 'started') throw new InternalError(`a worker sent '${report.kind}' where 'started' was expected`);
      }
      return [...threads.handles, here];
    };

    /** The seen set copied into one of `capacity` slots, by the workers, each a part, then what they left over by the main thread. */
    const grown = async (capacity: number): Promise<SharedFingerprintSet> => {
      const bigger = SharedFingerprintSet.create(capacity);
      const parts = workers.length;
      const reports = await Promise.all(workers.map((w, part) => w.request({ kind: 'grow', from: seen.buffers, to: bigger.buffers, part, parts })));
      for (const report of reports) {
        if (report.kind !== 'grown') throw new InternalError(`a worker sent '${report.kind}' where 'grown' was expected`);
        bigger.placeAll(report.spilled);
      }
      bigger.count(seen.size);
      return bigger;
    };
    let growth = 2;
    /** States given to each worker to expand in the next level, beside its own. */
    let takes: (PackedStates | undefined)[] = [];
    /**
     * Evens out the workers' shares of the next level (`found`): each worker keeps the states it
     * found, and which worker finds a state reached from both is a race, so shares drift apart. The
     * worker with most gives the one with fewest half the difference, when that is worth moving;
     * then the one with second most to the one with second fewest, and so on.
     */
    const balance = async (found: readonly number[]): Promise<(PackedStates | undefined)[]> => {
      const total = found.reduce((a, b) => a + b, 0);
      const order = found.map((_, w) => w).sort((a, b) => (found[b] as number) - (found[a] as number));
      const given: Promise<void>[] = [];
      const out: (PackedStates | undefined)[] = workers.map(() => undefined);
      for (let k = 0; k < order.length >> 1; k++) {
        const donor = order[k] as number;
        const receiver = order[order.length - 1 - k] as number;
        const count = Math.floor(((found[donor] as number) - (found[receiver] as number)) / 2);
        if (count < Math.max(MIN_MOVE, total * MIN_MOVE_SHARE)) continue;
        given.push(
          (workers[donor] as PoolThread).request({ kind: 'give', count }).then((report) => {
            if (report.kind !== 'given') throw new InternalError(`a worker sent '${report.kind}' where 'given' was expected`);
            out[receiver] = report.states;
          }),
        );
      }
      await Promise.all(given);
      return out;
    };
    const stop = (left: number, next: number, why?: Bound): ExploreOutcome<S> => {
      outcome.parallel = { distinct, seenBytes: seen.bytes, workers: workers.length };
      outcome.queue = left + next;
      // The level found states, or a failure on a successor ends the behaviour one step past this level.
      if (next > 0 || outcome.failure?.end?.kind === 'step') outcome.depth++;
      if (why) outcome.bound = why;
      if (outcome.queue > 0 && outcome.bound === undefined && outcome.failure === undefined) outcome.stoppedEarly = true;
      return outcome;
    };
    for (;;) {
      settings.onLevel?.({ depth: outcome.depth, generated: outcome.generated, distinct, queue: levelSize, seconds: (settings.now() - outcome.startedAt) / 1000 });
      if (levelSize === 0 || allFound() || firstFound()) return stop(0, levelSize);
      // Between two levels, the level about to begin is stored already: its depth counts, as one thread counts it.
      if (bound) return stop(0, levelSize, bound);
      if (pool === undefined && workersWanted(levelSize, lastSize, parallel.threshold)) pool = new WorkerPool(model, parallel, control, progress);
      if (workers.length === 1 && pool !== undefined && levelSize >= parallel.threshold) {
        const joined = await join(pool);
        if (joined === undefined) return stop(0, levelSize, bound);
        workers = joined;
        takes = [];
      }
      outcome.depth++;
      const storing = outcome.depth < settings.maxDepth;
      const capacity = capacityFor(seen, levelSize, growth);
      if (capacity !== seen.capacity) seen = await grown(capacity);
      progress.fill(0);
      const command: Command = {
        kind: 'level',
        storing,
        pending,
        deadlock: settings.deadlock && outcome.deadlock === undefined,
        seen: seen.buffers,
        room: seen.roomEach(workers.length),
        // A thread that ends its part first goes on into the next level, unless that one stores no state.
        ahead: workers.length > 1 && outcome.depth + 1 < settings.maxDepth,
      };
      let reports = (await Promise.all(workers.map((w, i) => w.request(takes[i] ? { ...command, take: takes[i] } : command)))).map(isLevel);
      seen.count(reports.reduce((sum, r) => sum + r.added, 0));
      const level = reports.slice();
      // Successors held back for want of room in the seen set: grow it and add them.
      for (;;) {
        const held = reports.reduce((sum, r) => sum + r.overflow, 0);
        if (held === 0 || Atomics.load(control, Control.Stop) !== 0) break;
        seen = await grown(capacityToHold(seen, held));
        const overflow: Command = { kind: 'overflow', seen: seen.buffers, room: seen.roomEach(workers.length) };
        reports = (await Promise.all(workers.map((w) => w.request(overflow)))).map(isLevel);
        seen.count(reports.reduce((sum, r) => sum + r.added, 0));
        level.push(...reports);
      }
      const found = reports.reduce((sum, r) => sum + r.found, 0);
      distinct += found + reports.reduce((sum, r) => sum + r.unqueued, 0);
      const expanded = level.reduce((sum, r) => sum + r.expanded, 0);
      outcome.generated += level.reduce((sum, r) => sum + r.generated, 0);
      const truncated = level.some((r) => r.truncated);
      let error: FoundError | undefined;
      const violations = new Map<string, FoundViolation>();
      let deadlock: number | undefined;
      for (const report of level) {
        if (report.error) error = least(error, report.error);
        for (const v of report.violations) violations.set(v.invariant, least(violations.get(v.invariant), v));
        if (report.deadlock !== undefined) deadlock = Math.min(deadlock ?? Infinity, report.deadlock);
      }
      try {
        for (const name of pending.slice()) {
          const v = violations.get(name);
          if (v === undefined) continue;
          outcome.violations.set(name, traceEnds.step(v.parent, v.ordinal));
          pending.splice(pending.indexOf(name), 1);
        }
        if (deadlock !== undefined && outcome.deadlock === undefined) outcome.deadlock = traceEnds.stored(deadlock);
      } catch (cause) {
        // The spec does not do again what it did in a worker: it is not pure (see notReplayed).
        if (!(cause instanceof SpecEvaluationError)) throw cause;
        outcome.failure = { error: cause };
        return stop(levelSize - expanded, found);
      }
      if (error) {
        outcome.failure = traceEnds.failure(error);
        return stop(levelSize - expanded, found);
      }
      if (bound) return stop(levelSize - expanded, found, bound);
      if (truncated) return stop(levelSize - expanded, found, storing ? 'maxStates' : 'maxDepth');
      takes = await balance(reports.map((r) => r.found));
      growth = growthAfter(levelSize, found);
      lastSize = levelSize;
      levelSize = found;
    }
  } finally {
    // However the run ends (a worker's failure ends the wait for a level at once), the main thread's
    // part stops too before it returns: no call of the spec is made after the run has ended.
    Atomics.store(control, Control.Stop, 1);
    clearInterval(watch);
    try {
      await here.settled();
      here.stopAhead();
    } finally {
      await pool?.close();
    }
  }
}

function boundReached<S extends State>(settings: ExploreSettings<S>, now: number): Bound | undefined {
  if (settings.signal?.aborted) return 'interrupted';
  if (now >= settings.deadline) return 'timeLimit';
  if (settings.maxMemoryBytes < Infinity && settings.memoryUsage() >= settings.maxMemoryBytes) return 'maxMemory';
  return undefined;
}
