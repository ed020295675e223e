import { parentPort, workerData } from 'node:worker_threads';
import { keyerFor } from '../state/keyer.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import { InternalError, messageOf } from '../errors.js';
import type { StateKeyer } from '../state/symmetry.js';
import type { State } from '../spec/types.js';
import { atFault, loadModel } from './loadSource.js';
import { ProgressSlot } from './protocol.js';
import type { Command, Report, StartCommand, WorkerSetup } from './protocol.js';
import { AheadLoop, PoolMember } from './member.js';
import { copyPartOf } from './sharedFingerprintSet.js';
import { SharedTraceLog } from './sharedTraceLog.js';
import { WarmUp } from './warmUp.js';
import { TimedChunk } from './timedChunk.js';

/** Most states the warm-up expands between two looks at the messages, and most milliseconds (see TimedChunk). */
const WARM_UP_CHUNK = 256;
const WARM_UP_MS = 2;

/** A worker thread of the parallel search: loads the spec, takes over its part of a level, then expands its part of each level on command. */
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const setup = workerData as WorkerSetup;
  const send = (report: Report): void => port.postMessage(report);
  let model: Model<State>;
  let keyer: StateKeyer;
  let invariants: CompiledInvariant<State>[];
  try {
    model = await loadModel(setup);
    keyer = keyerFor(model, setup.symmetry);
    const checked = [...model.invariants, ...(model.reachable ?? [])];
    invariants = setup.invariants.map((name) => checked.find((inv) => inv.name === name) as CompiledInvariant<State>);
  } catch (cause) {
    send({ kind: 'failed', during: 'load', message: messageOf(cause), ...atFault(cause) });
    return;
  }
  let member: PoolMember<State> | undefined;
  /** Its exploration while it waits to join (see WarmUp), a chunk at a time between messages. */
  let warmUp: WarmUp<State> | undefined;
  const warmUpChunk = new TimedChunk(WARM_UP_CHUNK, WARM_UP_MS);
  const warm = (): void => {
    if (member !== undefined) return;
    // A failure of the spec on its way (a throw, or process.exit) ends the warm-up, not the thread:
    // the run reports it only if its own search meets it.
    warmUp ??= new WarmUp({ model, keyer, invariants, memo: setup.memo });
    const steps = warmUp;
    if (steps.expanded < setup.warmUp && warmUpChunk.run((size) => steps.step(size))) setImmediate(warm);
  };
  const started = (): PoolMember<State> => {
    if (member === undefined) throw new InternalError('a worker was asked to expand before it was given its states');
    return member;
  };
  const start = (command: StartCommand): Report => {
    try {
      const log = new SharedTraceLog(command.log);
      const memos = warmUp?.memos;
      warmUp = undefined;
      member = new PoolMember({
        model,
        keyer,
        invariants,
        log,
        control: new Int32Array(setup.control),
        progress: new Float64Array(setup.progress, setup.index * ProgressSlot.Length * 8, ProgressSlot.Length),
        maxStates: setup.maxStates,
        memo: setup.memo,
      }, memos);
      member.receive(command.states);
      return { kind: 'started' };
    } catch (cause) {
      return { kind: 'failed', during: 'start', message: messageOf(cause) };
    }
  };
  /** While the others end their parts of a level, it expands its part of the next. */
  const ahead = new AheadLoop(() => member);
  port.on('message', (command: Command) => {
    if (command.kind === 'exit') {
      ahead.stop();
      port.close();
    } else if (command.kind === 'start') send(start(command));
    else if (command.kind === 'level') {
      ahead.stop();
      send(started().expand(command));
      ahead.start();
    } else if (command.kind === 'give') send({ kind: 'given', states: started().give(command.count) });
    else if (command.kind === 'grow') send({ kind: 'grown', spilled: copyPartOf(command) });
    else {
      send(started().addHeld(command));
      ahead.start();
    }
  });
  send({ kind: 'ready' });
  if (setup.warmUp > 0) setImmediate(warm);
}

if (parentPort) void main(parentPort);
