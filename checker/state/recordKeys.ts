/** A record type's field names, by prototype. */
const fieldsOf = new WeakMap<object, readonly string[]>();

/** The field names of record `record`'s type, in order, read once per type. */
export function recordKeys(record: object): readonly string[] {
  const proto = Object.getPrototypeOf(record) as object;
  let keys = fieldsOf.get(proto);
  if (keys === undefined) {
    keys = (record as { toSeq(): { keySeq(): { toArray(): string[] } } }).toSeq().keySeq().toArray();
    fieldsOf.set(proto, keys);
  }
  return keys;
}
