/** Reading raw, not yet validated JSON in the cross-field checks: a wrong type is skipped, not thrown on. */

export type Obj = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a list, or an empty one when it is not an array. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
