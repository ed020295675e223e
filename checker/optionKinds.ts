import { UsageError } from './errors.js';
import { closest } from './spec/fields.js';

/** What an option's value must be, checked when a run starts (a number's range is checked where it is read). */
export type OptionKind = 'boolean' | 'string' | 'number' | 'function' | 'names' | 'any';

const WORDS: { readonly [kind in OptionKind]: string } = {
  boolean: 'true or false',
  string: 'a string',
  number: 'a number',
  function: 'a function',
  names: 'a list of names',
  any: 'any value',
};

function fits(kind: OptionKind, value: unknown): boolean {
  switch (kind) {
    case 'names':
      return Array.isArray(value) && value.every((x) => typeof x === 'string');
    case 'any':
      return true;
    default:
      return typeof value === kind;
  }
}

/**
 * Refuses an option that `command` does not have, naming the one it is closest to, and one whose
 * value is of the wrong kind: from plain JavaScript, which TypeScript does not check, a misspelled
 * option would be ignored (`deadLock: false`) and a string taken for a boolean (`deadlock: 'no'` is
 * true), and the run would go on without what was asked. An option given as undefined is not given.
 */
export function refuseUnknownOptions(command: string, options: object, kinds: { readonly [name: string]: OptionKind }): void {
  for (const [name, value] of Object.entries(options)) {
    const kind = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
    if (kind === undefined) {
      const near = closest(name, Object.keys(kinds));
      throw new UsageError(`${command}: unknown option '${name}'${near !== undefined ? ` (did you mean '${near}'?)` : ''}`);
    }
    if (value !== undefined && !fits(kind, value)) {
      throw new UsageError(`${command}: option ${name} must be ${WORDS[kind]}, got ${typeof value === 'string' ? `'${value}'` : String(value)}`);
    }
  }
}
