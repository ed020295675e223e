import type { Constants, ConstantValue, Spec, State } from '../checker/index.js';

/** `name = value, …` for a spec's constants, lists as TLA+ sets of model values. */
export function constantsSummary(constants: Constants): string {
  const show = (v: ConstantValue): string => (Array.isArray(v) ? `{${v.join(', ')}}` : typeof v === 'string' ? JSON.stringify(v) : String(v));
  const parts = Object.entries(constants).map(([name, value]) => `${name} = ${show(value)}`);
  return parts.length > 0 ? parts.join(', ') : 'no constants';
}

/** One line naming the variant `constants` select: the spec's own summary, else its constants. */
export function variantOf(spec: Spec<State, Constants>, constants: Constants): string {
  return spec.summarize !== undefined ? spec.summarize(constants) : constantsSummary(constants);
}

/** What a violating state means under `constants`, when the spec says (`explain`). */
export function explainerOf(spec: Spec<State, Constants>, constants: Constants): ((invariant: string, state: State) => string) | undefined {
  const explain = spec.explain;
  return explain !== undefined ? (invariant, state) => explain(invariant, state, constants) : undefined;
}
