import type { Json } from '../../simulator/core/types.ts';

/**
 * The sandbox's answers as JSON text built without running a line of learner code: no `toJSON`,
 * no getters (only own data properties are read), no `JSON.stringify` of objects the learner may
 * have shaped. A BigInt, a function or a symbol becomes a string saying what it was; strings are
 * clipped and deep or huge values cut, so one submission's answer has a bounded size.
 */

/** The longest string an answer carries, characters. */
export const MAX_STRING = 4000;
const MAX_DEPTH = 24;
const MAX_NODES = 50_000;

/** `text`, cut to `max` characters with a note saying how much was left out. */
export function clip(text: string, max = MAX_STRING): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A plain JSON copy of `value` (see above). */
export function plainCopy(value: unknown): Json {
  let nodes = 0;
  const copy = (v: unknown, depth: number): Json => {
    nodes += 1;
    switch (typeof v) {
      case 'string':
        return clip(v);
      case 'number':
        return Number.isFinite(v) ? v : String(v);
      case 'boolean':
        return v;
      case 'bigint':
        return `${String(v)}n (a BigInt)`;
      case 'undefined':
        return null;
      case 'object':
        break;
      default:
        return `(a ${typeof v})`;
    }
    if (v === null) return null;
    if (depth > MAX_DEPTH || nodes > MAX_NODES) return '(cut: too deep or too large)';
    const out: Record<string, Json> | Json[] = Array.isArray(v) ? [] : {};
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key !== 'string') continue;
      const desc = Reflect.getOwnPropertyDescriptor(v, key);
      if (!desc || !desc.enumerable) continue;
      const item = 'value' in desc ? copy(desc.value, depth + 1) : '(a getter)';
      if (Array.isArray(out)) {
        if (key !== 'length') out.push(item);
      } else out[key] = item;
    }
    return out;
  };
  return copy(value, 0);
}

/** `value` as JSON text, copied plainly first; never throws. */
export function plainJson(value: unknown): string {
  try {
    return JSON.stringify(plainCopy(value));
  } catch {
    return JSON.stringify({ threw: 'The sandbox could not write its answer' });
  }
}
