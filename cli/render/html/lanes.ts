import type { ActionDefinition, ActionInstance, Constants, Model, Spec, State } from '../../../checker/index.js';
import { GENERIC_PARTICIPANTS, participantsFor } from '../mermaid.js';
import type { Arrow, Participants } from '../mermaid.js';

type Actor = NonNullable<ActionDefinition<State>['actor']>;

/** The `actor` each action of the spec declares, by action name. */
export function declaredActors(spec: Spec<State, Constants> | undefined, constants: Constants): ReadonlyMap<string, Actor> {
  const actors = new Map<string, Actor>();
  if (spec === undefined) return actors;
  for (const [name, input] of Object.entries(spec.build(constants).actions)) {
    if (typeof input === 'object' && input !== null && input.actor !== undefined) actors.set(name, input.actor);
  }
  return actors;
}

/** Who takes a step, by the action's declared actor: a name, the parameter at an index, or a function of the arguments. */
function actorOf(actor: Actor | undefined, action: ActionInstance): string | undefined {
  if (actor === undefined) return undefined;
  if (typeof actor === 'string') return actor;
  if (typeof actor === 'number') {
    const arg = action.args[actor];
    return arg === undefined ? undefined : String(arg);
  }
  try {
    const who = actor(...action.args);
    return typeof who === 'string' && who !== '' ? who : undefined;
  } catch {
    return undefined;
  }
}

const self = (who: string): Arrow => ({ from: who, to: who });

/**
 * The lanes of a spec's sequence diagrams: the actors its actions declare, when it declares any;
 * else the built-in lanes of the Pika models (each client, `dbs_rw_`, the binlog, bgsave, the slave);
 * else one lane per action.
 */
export function lanesFor(model: Model<State>, spec?: Spec<State, Constants>): Participants {
  const declared = declaredActors(spec, model.constants);
  if (declared.size > 0) return { fixed: () => [], arrow: (action) => self(actorOf(declared.get(action.name), action) ?? action.name) };
  const builtin = participantsFor(model);
  if (builtin !== GENERIC_PARTICIPANTS) return builtin;
  return { fixed: () => [], arrow: (action) => self(action.name) };
}
