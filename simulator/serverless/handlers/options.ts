import type { Json } from '../../core/types.ts';
import type { BatchRecord } from '../protocol.ts';

/** A handler's options, as a scenario gives them. */
export type HandlerOptions = Readonly<Record<string, Json>>;

/** A string option, or its default; a wrong type is an error naming the option. */
export function stringOption(options: HandlerOptions, name: string, fallback: string): string {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new TypeError(`handler option "${name}" must be a string`);
  return value;
}

/** An optional string option. */
export function optionalString(options: HandlerOptions, name: string): string | null {
  const value = options[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new TypeError(`handler option "${name}" must be a string`);
  return value;
}

/** A number option, or its default. */
export function numberOption(options: HandlerOptions, name: string, fallback: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`handler option "${name}" must be a number`);
  return value;
}

/** The user a record is about: its key, else its value's `user`, else "anonymous". */
export function userOf(record: BatchRecord): string {
  if (record.key !== null) return record.key;
  const value = record.value;
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value.user === 'string'
  )
    return value.user;
  return 'anonymous';
}

/** An item's attributes without the store's `version`. */
export function withoutVersion(item: Readonly<Record<string, Json>>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(item)) if (k !== 'version') out[k] = v;
  return out;
}
