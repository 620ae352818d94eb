/**
 * Response schemas wrap a record schema (an envelope, a JSON:API document). zod compiles a schema
 * on its first parse, so one built anew for every response costs more than the parse itself: the
 * wrappers are built once per record schema and kept here.
 */
export function cachedFor<K extends object, V>(cache: WeakMap<K, unknown>, key: K, build: () => V): V {
  let value = cache.get(key) as V | undefined;
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}
