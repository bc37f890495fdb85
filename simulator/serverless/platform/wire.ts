/**
 * What crosses between a handler and the platform, copied as the JSON a real platform sends over
 * its wire: the batch a handler receives and every effect it yields. A handler then holds no
 * reference into the world (mutating a record it was given, or a value after emitting it, changes
 * nothing the trace keeps), and a value JSON cannot carry (a BigInt, a `toJSON` that throws) fails
 * the call with the serializer's error, as an SDK would.
 */
export function wireCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
