import type { TraceEnd } from '../explore/types.js';
import type { Model } from '../spec/compile.js';
import { SpecEvaluationError } from '../errors.js';
import { notReplayed } from '../spec/purity.js';
import { forEachSuccessor } from '../spec/successors.js';
import type { StateKeyer } from '../state/symmetry.js';
import { replayPath } from '../explore/trace.js';
import type { TraceLinks } from '../explore/traceLog.js';
import type { State } from '../spec/types.js';
import type { FoundError } from './protocol.js';

/** Stops an enumeration of successors once the one wanted is reached. */
class Reached extends Error {}

/**
 * Rebuilds, in the main thread, the ends of traces that workers report by number: a stored state is
 * replayed from the trace log, a successor is the `ordinal`-th one of its replayed parent.
 */
export class TraceEnds<S extends State> {
  constructor(
    private readonly model: Model<S>,
    private readonly log: TraceLinks,
    private readonly keyer: StateKeyer,
  ) {}

  /** State number `id`, as a trace end. */
  stored(id: number): TraceEnd<S> {
    return { kind: 'stored', id, state: this.stateOf(id) };
  }

  /** The `ordinal`-th successor of state number `parent`, as a trace end. */
  step(parent: number, ordinal: number): TraceEnd<S> {
    const from = this.stateOf(parent);
    let end: TraceEnd<S> | undefined;
    let count = 0;
    try {
      forEachSuccessor(this.model, from, (state, action, tuple, choices) => {
        if (count++ < ordinal) return;
        end = { kind: 'step', parent, state, step: { action, tuple, choices } };
        throw new Reached();
      });
    } catch (cause) {
      if (!(cause instanceof Reached)) throw cause;
    }
    if (end === undefined) throw notReplayed(this.model, `trace rebuild: state ${parent} has no successor number ${ordinal + 1}`, { kind: 'actions', state: from });
    return end;
  }

  /** A failure a worker reports, with its state and trace end when they can be rebuilt. */
  failure(found: FoundError): { error: SpecEvaluationError; end?: TraceEnd<S> } {
    let end: TraceEnd<S> | undefined;
    try {
      end = found.ordinal === undefined ? this.stored(found.parent) : this.step(found.parent, found.ordinal);
    } catch {
      // The spec does not do again what it did in the worker: report the failure without its state.
      end = undefined;
    }
    return { error: new SpecEvaluationError(found.kind, found.part, found.message, end?.state), ...(end ? { end } : {}) };
  }

  private stateOf(id: number): S {
    const steps = replayPath<S>(this.model, this.log, this.keyer, id);
    return (steps[steps.length - 1] as (typeof steps)[number]).state;
  }
}
