/**
 * What the memos' views of a Record state (see TransitionMemo and InvariantMemo) share: which
 * properties say nothing of the state's values, and the error for a field the state does not have.
 * Immutable ignores a key a Record does not have: `set`, `merge`, `update` and `remove` of a
 * misspelled field give the state unchanged (a step that changes nothing), and reading one gives
 * undefined. Both are the spec's mistakes, so a view refuses them.
 */

/** Properties of a Record that say nothing of its values: its type marks and constructor. */
export function isTypeProperty(property: string | symbol): boolean {
  return typeof property === 'string' && (property.startsWith('@@__IMMUTABLE_') || property === 'constructor');
}

/** The message for a step or predicate that reads or writes `key`, which is none of the state's `fields`. */
function notAField(verb: string, key: unknown, fields: Iterable<string>): string {
  const name = typeof key === 'string' ? `'${key}'` : String(key);
  return `${verb} ${name}, which is not a field of the state (its fields: ${[...fields].join(', ')})`;
}

/** Throws when `key`, which a step or predicate `verb`s (reads, sets, …), is none of the state's fields (`index`, by name). */
export function refuseUnknownKey(verb: string, key: unknown, index: ReadonlyMap<string, number>, fields: Iterable<string>): void {
  if (typeof key !== 'string' || !index.has(key)) throw new Error(notAField(verb, key, fields));
}

/**
 * Throws when `property`, read on `record` and none of its `fields`, is not one of its methods, a
 * name Immutable reads inside (`__ownerID`, `_values`, `@@__IMMUTABLE_…`), or `then` (which
 * `Promise.resolve` looks for on any value): a misspelled field.
 */
export function refuseUnknownProperty(record: object, property: string | symbol, fields: Iterable<string>): void {
  if (typeof property === 'string' && !(property in record) && property !== 'then' && !property.startsWith('_') && !property.startsWith('@@')) {
    throw new Error(notAField('reads', property, fields));
  }
}
