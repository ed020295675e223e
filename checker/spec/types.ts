import type { ValueObject } from 'immutable';

/** A model state: an Immutable.js value (Record, Map, List, Set), compared by value. */
export type State = ValueObject;

/** Constants of a model: its parameters, as TLA+'s CONSTANTS. */
export type Constants = { readonly [name: string]: ConstantValue };

/** A constant's value: a number, string, boolean, or a list of strings (a set of model values). */
export type ConstantValue = number | string | boolean | readonly string[];

/** One successor produced inside an action, with the values chosen to produce it (`\E k \in Keys`). */
export interface Branch<S extends State> {
  readonly args: readonly unknown[];
  readonly state: S;
}

/** Several successors of one action instance; build it with `exists` or `either`. */
export class Branches<S extends State> {
  constructor(readonly items: readonly Branch<S>[]) {}
}

/**
 * What an action returns for one binding of its parameters: `false`, `null` or `undefined` when it is
 * not enabled, a state for one successor, or `Branches` for one successor per choice.
 */
export type Successors<S extends State> = S | Branches<S> | null | undefined | false;

/** The domains of an action's parameters, one per parameter, tried in order. */
export type Domains = readonly (readonly unknown[])[];

/**
 * The arguments an action's body takes for parameter domains `P`: one element of each domain, in
 * order, when `P` is a tuple (`params: [clients, keys]` gives `[string, string]`), so that a body
 * whose parameters do not match its domains does not compile. Any arguments when the number of
 * domains is not known from the type (a `Domains` array built at run time).
 */
export type ArgsOf<P extends Domains> = number extends P['length']
  ? any[]
  : { -readonly [I in keyof P]: P[I] extends readonly (infer T)[] ? T : never };

/** The next-state relation of one action, called once per binding of its parameters. */
export type ActionBody<S extends State, P extends Domains = Domains> = (state: S, ...args: ArgsOf<P>) => Successors<S>;

/** An action in full: its parameter domains, its body and where it comes from. */
export interface ActionDefinition<S extends State, P extends Domains = Domains> {
  /** One domain per parameter; the action is tried for every tuple of their product, in order. */
  readonly params?: P;
  /**
   * Which tuples of `params` are instances of the action (`Move(i, j)` for `i ≠ j`): the others do
   * not exist at all, so they are never tried, counted, nor listed. @default every tuple
   */
  readonly where?: (...args: ArgsOf<P>) => boolean;
  readonly next: ActionBody<S, P>;
  /**
   * Where the step happens in the system that is modelled (file and function), shown in traces; a
   * function of the action's arguments when different instances run in different code.
   */
  readonly source?: string | ((...args: ArgsOf<P>) => string);
  /** One line on what the step does. */
  readonly description?: string;
  /**
   * Who takes the step, for the lanes of a sequence diagram: a fixed name, the index of the parameter
   * whose value names it, or a function of the arguments. Without it, the action's name is the lane.
   */
  readonly actor?: string | number | ((...args: ArgsOf<P>) => string);
}

/** An action: just its body (no parameters), or a full definition. */
export type ActionInput<S extends State, P extends Domains = Domains> = ActionBody<S, []> | ActionDefinition<S, P>;

/** The actions of a spec by name, in the order they are tried. */
export type Actions<S extends State> = { readonly [name: string]: ActionInput<S> };

/**
 * What each action of `A` must be, given its `params`: a definition whose body (and `source`,
 * `actor`) take one element of each domain, a body alone taking the state only.
 */
export type TypedActions<S extends State, A> = { readonly [K in keyof A]: TypedAction<S, A[K]> };

/**
 * One action of `TypedActions`: `X` with its parameter types following from its `params`, and no
 * field that an action definition does not have (its type is never).
 */
export type TypedAction<S extends State, X> = X extends { readonly next: unknown }
  ? ActionDefinition<S, 'params' extends keyof X ? (Exclude<X['params'], undefined> extends infer P extends Domains ? P : Domains) : []> & {
      readonly [K in Exclude<keyof X, keyof ActionDefinition<S>>]: never;
    }
  : X;

/** A named safety property that must hold in every reachable state. */
export type InvariantBody<S extends State> = (state: S) => boolean;

/** An invariant: just its predicate, or a predicate with a description. */
export type InvariantInput<S extends State> =
  | InvariantBody<S>
  | { readonly holds: InvariantBody<S>; readonly description?: string };

/** A reachability property: just its predicate, or a predicate with a description. */
export type ReachableInput<S extends State> =
  | ((state: S) => boolean)
  | { readonly holds: (state: S) => boolean; readonly description?: string };

/** A state predicate used inside temporal properties. */
export type Predicate<S extends State> = (state: S) => boolean;

/** The temporal formulas pika-mc checks, each built from state predicates. */
export type TemporalFormula<S extends State> =
  | { readonly op: 'eventually'; readonly p: Predicate<S> }
  | { readonly op: 'alwaysEventually'; readonly p: Predicate<S> }
  | { readonly op: 'eventuallyAlways'; readonly p: Predicate<S> }
  | { readonly op: 'leadsTo'; readonly p: Predicate<S>; readonly q: Predicate<S> }
  | { readonly op: 'all'; readonly parts: readonly (readonly [string, TemporalFormula<S>])[] };

/** A fairness assumption on an action, or on one instance of it (`WF_vars(LockKey(c1))`). */
export interface Fairness {
  readonly kind: 'weak' | 'strong';
  /** The action, or several actions taken as one (`WF_vars(Loop(p) \/ Eat(p))`). */
  readonly action: string | readonly string[];
  /** Restricts the assumption to the instances whose leading arguments equal these. */
  readonly args?: readonly unknown[];
}

/** The parts of a specification, for one choice of its constants. */
export interface SpecBody<S extends State, A extends Actions<S> = Actions<S>> {
  /** The initial states (TLA+'s Init). */
  readonly init: () => Iterable<S>;
  /** The actions, in the order they are tried; Next is their disjunction. */
  readonly actions: A & TypedActions<S, A>;
  readonly invariants?: { readonly [name: string]: InvariantInput<S> };
  /**
   * Reachability properties (Stateright's "sometimes"): states that some behaviour must reach, each
   * checked on every state as invariants are and reported with the shortest trace to it; one never
   * reached over the whole space fails the run. Names must differ from the invariants'.
   */
  readonly reachable?: { readonly [name: string]: ReachableInput<S> };
  /** States failing the constraint are counted and checked but not stored or expanded (TLC's CONSTRAINT). */
  readonly constraint?: (state: S) => boolean;
  /** States where having no successor is the intended end, never a deadlock. */
  readonly terminal?: (state: S) => boolean;
  /**
   * Whether a state with no successor (not terminal) is reported as a deadlock, unless the run says
   * otherwise (TLC's `CHECK_DEADLOCK`). @default true
   */
  readonly deadlock?: boolean;
  /** Presents a state as named variables for traces; defaults to a Record's fields. */
  readonly variables?: (state: S) => { readonly [name: string]: unknown };
  /** Strings that are TLA+ model values (`c1`, `k1`): printed bare in traces, other strings quoted. */
  readonly modelValues?: readonly string[];
  /** Sets of interchangeable model values (strings), by name: `{ clients: ['c1', 'c2'] }`. */
  readonly symmetry?: { readonly [name: string]: readonly string[] };
  /** Temporal properties, checked only when asked for. */
  readonly properties?: { readonly [name: string]: TemporalFormula<S> };
  /** Fairness assumptions under which the temporal properties are checked. */
  readonly fairness?: readonly Fairness[];
}

/** The type a constant has: read off its default value unless its description names it. */
export type ConstantType = 'integer' | 'number' | 'string' | 'boolean' | 'string list';

/** The values a constant allows beyond its type: a list for strings (and the items of string lists), a range for numbers. */
export type ConstantValues = readonly string[] | { readonly min?: number; readonly max?: number };

/**
 * A constant described for the people who set it: its default, one line of help, what it allows,
 * and the command-line flag that sets it (default: the kebab-case of its name, `lockScope` → `lock-scope`).
 */
export interface ConstantDescription<V extends ConstantValue = ConstantValue> {
  readonly default: V;
  readonly help: string;
  /** The type, when the default does not tell it (a number whose default is whole). */
  readonly type?: ConstantType;
  /** Allowed values: a list for a string or the items of a string list, `{ min, max }` for a number. */
  readonly values?: V extends number ? { readonly min?: number; readonly max?: number } : readonly string[];
  /** The flag's name without dashes. */
  readonly flag?: string;
}

/** The constants as a definition gives them: each a plain default or a description. */
export type ConstantsInput<C extends Constants> = { readonly [K in keyof C]: C[K] | ConstantDescription<C[K]> };

/**
 * A definition's constants before their types are known (defaults or descriptions); typed loosely
 * so that `{ N: 5 }` gives `N: number`, not the literal `5`.
 */
export type ConstantsShape = { readonly [name: string]: unknown };

/** The constants' values of a definition's constants: each description's default type. */
export type ValuesOf<I extends ConstantsShape> = { readonly [K in keyof I]: Widened<I[K] extends { readonly default: infer V } ? V : I[K]> };

/** The type of a constant's value, not its literal: `5` → number, `'weak'` → string (any constant value when not known). */
export type Widened<V> = V extends number ? number : V extends string ? string : V extends boolean ? boolean : V extends readonly string[] ? readonly string[] : ConstantValue;

/** A constant as the spec resolved it: every part of its description filled in. */
export interface ConstantInfo {
  readonly default: ConstantValue;
  /** One line on what it sets; empty when the spec gives only a default. */
  readonly help: string;
  readonly type: ConstantType;
  readonly values?: ConstantValues;
  /** The flag's name without dashes. */
  readonly flag: string;
}

/** A named preset of constants: a configuration worth checking, with one line on what it shows. */
export interface SpecScenario {
  readonly name: string;
  readonly title: string;
  readonly constants: { readonly [name: string]: ConstantValue };
}

/** What `defineSpec` takes: a name, constants with their defaults, and the body built from them. */
export interface SpecDefinition<
  S extends State,
  C extends Constants,
  A extends Actions<S> = Actions<S>,
> {
  readonly name: string;
  readonly description?: string;
  /** The constants: each a default value, or a description with its default; the defaults' types are the types the constants must have. */
  readonly constants?: ConstantsInput<C>;
  /** Refuses combinations of constants the model cannot represent: returns a message, or undefined when they are fine. */
  readonly validate?: (constants: C) => string | undefined;
  /** Builds the body of the spec for the given constants. */
  readonly build: (constants: C) => SpecBody<S, A>;
  /** Named presets of constants (`--scenario`). */
  readonly scenarios?: readonly SpecScenario[];
  /** What a state violating `invariant` means, in one paragraph for a reader of the trace. */
  readonly explain?: (invariant: string, state: S, constants: C) => string;
  /** One line naming the variant the constants select. */
  readonly summarize?: (constants: C) => string;
}

/** A specification built with `defineSpec`: checkable for any choice of its constants. */
export interface Spec<S extends State = State, C extends Constants = Constants> {
  readonly kind: 'pika-mc/spec';
  readonly name: string;
  readonly description: string;
  readonly defaults: C;
  /** Each constant's description, by name. */
  readonly constantInfo: { readonly [K in keyof C]: ConstantInfo };
  readonly validate: (constants: C) => string | undefined;
  readonly build: (constants: C) => SpecBody<S>;
  readonly scenarios: readonly SpecScenario[];
  readonly explain?: (invariant: string, state: S, constants: C) => string;
  readonly summarize?: (constants: C) => string;
}

/** An action with all its arguments, including the choices made inside it: `LockKey(c2, k1)`. */
export interface ActionInstance {
  readonly name: string;
  readonly args: readonly unknown[];
  /** The instance as printed: `DoBinlog(c1)`. */
  readonly label: string;
  readonly source?: string;
}

/** One step of a behaviour: the action instance that produced `state`, null for an initial state. */
export interface TraceStep<S extends State> {
  readonly action: ActionInstance | null;
  readonly state: S;
}

/** A finite behaviour from an initial state; its length counts states, as TLC's depth does. */
export type Trace<S extends State> = readonly TraceStep<S>[];

/** A behaviour that ends in a cycle: `steps` then back to `steps[loopStart]` (or stuttering). */
export interface Lasso<S extends State> {
  readonly steps: Trace<S>;
  /** Index in `steps` where the cycle starts; the last step goes back there. Null: stutters forever. */
  readonly loopStart: number | null;
}

/** Figures of a run, counted as TLC counts them. */
export interface Stats {
  /** Distinct states found (stored). */
  readonly distinct: number;
  /** Initial states plus every successor produced, duplicates included. */
  readonly generated: number;
  /** Breadth-first levels explored; initial states are level 1. */
  readonly depth: number;
  /** States found but not yet explored. */
  readonly queue: number;
  readonly seconds: number;
  /** TLC's optimistic estimate: distinct × (generated − distinct) / 2^64; 0 in exact mode. */
  readonly collisionProbability: number;
  /** States were told apart by value (exact mode): no collision was possible. */
  readonly exact: boolean;
  /** Bytes of the seen set (fingerprint table) per distinct state. */
  readonly seenBytesPerState: number;
  readonly workers: number;
}

/** The verdict of one invariant. */
export interface InvariantVerdict<S extends State> {
  readonly name: string;
  /** `unknown` when a bound stopped the run before the invariant was violated. */
  readonly verdict: 'holds' | 'violated' | 'unknown';
  readonly trace?: Trace<S>;
}

/** The verdict of one reachability property. */
export interface ReachableVerdict<S extends State> {
  readonly name: string;
  /** `unknown` when the run stopped (a bound, or stopAtFirst) before reaching it. */
  readonly verdict: 'reached' | 'unreached' | 'unknown';
  /** A shortest trace to the first state found that satisfies it. */
  readonly trace?: Trace<S>;
}

/** The verdict of one temporal property. */
export interface PropertyVerdict<S extends State> {
  readonly name: string;
  readonly verdict: 'holds' | 'violated' | 'unknown';
  readonly lasso?: Lasso<S>;
  /** For a property over a parameter (`\A p : …`), the value for which it is violated. */
  readonly part?: string;
}

/** Which bound stopped a run, or what else did: a signal, a file of the run's own that failed (see `ioError`). */
export type Bound = 'maxStates' | 'maxDepth' | 'timeLimit' | 'maxMemory' | 'interrupted' | 'ioError';

/** A file of the run's own (spilled, or a checkpoint) that could not be written or read, stopping the run. */
export interface IoFailure {
  readonly path: string;
  /** The system's error code (`ENOSPC`). */
  readonly code: string;
  /** One line: `cannot write <path>: no space left on device (ENOSPC)`. */
  readonly message: string;
}

/** The spec failed while being evaluated: which part, on which state, with which message. */
export interface SpecFailure<S extends State> {
  readonly kind: 'init' | 'action' | 'invariant' | 'reachable' | 'constraint' | 'terminal' | 'property';
  /** The action instance label or invariant name. */
  readonly name: string;
  readonly message: string;
  readonly state?: S;
  readonly trace?: Trace<S>;
}

/** How often each action fired, as TLC's -coverage reports. */
export interface ActionCoverage {
  readonly name: string;
  /** Number of (state, instance) pairs where the instance produced at least one successor. */
  readonly enabled: number;
  readonly generated: number;
  /** Successors that were new states. */
  readonly distinct: number;
  readonly instances: readonly { readonly label: string; readonly enabled: number; readonly generated: number; readonly distinct: number }[];
}

/** Coverage of a run: actions and invariant evaluations. */
export interface Coverage {
  readonly actions: readonly ActionCoverage[];
  readonly invariants: readonly { readonly name: string; readonly evaluations: number }[];
}

/** Fields every result has. */
interface ResultBase<S extends State> {
  readonly spec: string;
  readonly constants: Constants;
  readonly invariants: readonly InvariantVerdict<S>[];
  /** The reachability properties checked (absent from results built elsewhere than `check`). */
  readonly reachable?: readonly ReachableVerdict<S>[];
  readonly properties: readonly PropertyVerdict<S>[];
  /** The shortest trace to a deadlock, when one was found. */
  readonly deadlock?: Trace<S>;
  readonly stats: Stats;
  readonly coverage?: Coverage;
  readonly symmetry: readonly string[];
  /** Set when a file of the run's own failed: the run stopped there, its figures and findings are those so far. */
  readonly ioError?: IoFailure;
}

/**
 * The outcome of `check`; switch on `status`. `bound` says which bound stopped the run: on
 * `incomplete`, and on a violation or deadlock found before a bound stopped the run (with
 * `--continue`, or a signal after the finding), whose other verdicts are then unknown.
 */
export type CheckResult<S extends State = State> =
  | (ResultBase<S> & { readonly status: 'ok' })
  | (ResultBase<S> & { readonly status: 'violation'; readonly bound?: Bound })
  | (ResultBase<S> & { readonly status: 'deadlock'; readonly bound?: Bound })
  | (ResultBase<S> & { readonly status: 'incomplete'; readonly bound: Bound })
  | (ResultBase<S> & { readonly status: 'error'; readonly error: SpecFailure<S> });

/** Figures reported while a run goes on. */
export interface Progress {
  readonly depth: number;
  readonly generated: number;
  readonly distinct: number;
  readonly queue: number;
  /** Seconds since this run started. */
  readonly seconds: number;
  /**
   * The figures a resumed run started from (its checkpoint's), and when in the run it began
   * exploring (once its checkpoint was read): rates count only what was found since.
   */
  readonly resumedFrom?: { readonly generated: number; readonly distinct: number; readonly seconds: number };
}

/**
 * What a run's checkpoints tell the caller (the checker does not print): `stretched`, once, when
 * writes take so long that they are written less often than asked, so that writing takes at most a
 * tenth of the run; `notWritten`, when the run stops where its last checkpoint cannot be written: the
 * time limit came first (the checkpoint before it stays), or a state limit cut the initial states.
 */
export type CheckpointNote =
  | { readonly kind: 'stretched'; readonly writeSeconds: number; readonly everySeconds: number; readonly intervalSeconds: number }
  | { readonly kind: 'notWritten'; readonly reason: 'timeLimit' | 'initialStatesCut' };
