import type { z } from 'zod';
import { toPointer } from './load-json.ts';

/**
 * Turning zod's issues into messages a learner can act on: "expected a non-negative integer
 * (virtual ms), got -5" rather than "Too small: expected number to be >=0". The expectation is
 * read from the schema itself (walked along the issue's path), so a new field needs no new text.
 */

/** One problem in a scenario file. */
export interface ScenarioError {
  /** JSON pointer of the offending value (`/faults/2/at`); `''` is the whole document. */
  path: string;
  /** What is wrong and what was expected, in plain words. */
  message: string;
  /** Line of the offending value (or its nearest existing parent) in the source, from 1. */
  line?: number;
  /** Column of that place, from 1. */
  column?: number;
}

/** The little of zod's internal schema definition this module reads. */
interface SchemaNode {
  readonly _zod: { readonly def: SchemaDef };
  readonly description?: string;
  readonly isInt?: boolean | null;
}

interface SchemaDef {
  readonly type: string;
  readonly innerType?: SchemaNode;
  readonly shape?: Readonly<Record<string, SchemaNode>>;
  readonly element?: SchemaNode;
  readonly items?: readonly SchemaNode[];
  readonly options?: readonly SchemaNode[];
  readonly discriminator?: string;
  readonly valueType?: SchemaNode;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
}

interface CheckDef {
  readonly check: string;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  /** For a check built with a custom message, returns that message. */
  readonly error?: (issue?: unknown) => unknown;
}

const wrappers = new Set([
  'default',
  'optional',
  'nullable',
  'prefault',
  'readonly',
  'nonoptional',
]);

/** An error from the schema, with a note of whether it points at a field name rather than a value. */
export type SchemaError = ScenarioError & { anchor?: 'key' };

/** Translates one zod issue into one or more errors (an unknown-keys issue names each key). */
export function describeIssue(
  issue: z.core.$ZodIssue,
  root: z.ZodType,
  input: unknown,
): SchemaError[] {
  const path = issue.path;
  const node = schemaAt(root as unknown as SchemaNode, path, input);
  const actual = valueAt(input, path);
  const pointer = toPointer(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys(unwrap(pickOption(unwrap(node), actual))?._zod.def.shape ?? {});
      return issue.keys.map((key) => ({
        path: toPointer([...path, key]),
        message: `unknown field ${JSON.stringify(key)}${suggest(key, known)}`,
        anchor: 'key' as const,
      }));
    }
    case 'invalid_union': {
      // zod 4 reports an unmatched discriminator with the allowed values in `options`.
      const options = (issue as { options?: unknown }).options;
      if ('discriminator' in issue && Array.isArray(options)) {
        const expected = `one of ${options.join(', ')}`;
        return [{ path: pointer, message: mismatch(path, expected, actual) }];
      }
      return [{ path: pointer, message: mismatch(path, expectation(node), actual) }];
    }
    case 'invalid_format':
      return [
        {
          path: pointer,
          message: mismatch(path, node ? expectation(node) : formatText(issue), actual),
        },
      ];
    case 'invalid_type':
    case 'too_small':
    case 'too_big':
    case 'not_multiple_of':
    case 'invalid_value':
      if (node) return [{ path: pointer, message: mismatch(path, expectation(node), actual) }];
      return [{ path: pointer, message: issue.message.replace(/^Invalid input: /, '') }];
    default:
      return [{ path: pointer, message: issue.message }];
  }
}

function mismatch(path: readonly PropertyKey[], expected: string, actual: unknown): string {
  const last = path[path.length - 1];
  if (actual === undefined && typeof last === 'string') {
    return `missing required field ${JSON.stringify(last)}: expected ${expected}`;
  }
  return `expected ${expected}, got ${describeValue(actual)}`;
}

function formatText(issue: z.core.$ZodIssue): string {
  if (!issue.message.startsWith('Invalid')) return issue.message;
  return 'pattern' in issue ? `a string matching ${String(issue.pattern)}` : 'a well-formed string';
}

/** The sub-schema that validates the value at `path`, following discriminated unions by the input. */
export function schemaAt(
  root: SchemaNode,
  path: readonly PropertyKey[],
  input: unknown,
): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  let value = input;
  for (const segment of path) {
    node = pickOption(unwrap(node), value);
    const def: SchemaDef | undefined = node?._zod.def;
    if (!def) return undefined;
    if (def.type === 'object') node = def.shape?.[String(segment)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'tuple') node = def.items?.[Number(segment)];
    else if (def.type === 'record') node = def.valueType;
    else return undefined;
    value =
      isRecord(value) || Array.isArray(value)
        ? (value as Record<string, unknown>)[String(segment)]
        : undefined;
  }
  return node;
}

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  while (node && wrappers.has(node._zod.def.type) && node._zod.def.innerType) {
    node = node._zod.def.innerType;
  }
  return node;
}

/** For a discriminated union, the option the input's discriminator selects. */
function pickOption(node: SchemaNode | undefined, value: unknown): SchemaNode | undefined {
  const def = node?._zod.def;
  if (def?.type !== 'union' || !def.discriminator || !isRecord(value)) return node;
  const wanted = value[def.discriminator];
  return def.options?.find((option) => {
    const literal = unwrap(option._zod.def.shape?.[def.discriminator ?? '']);
    return literal?._zod.def.values?.includes(wanted) ?? false;
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a schema accepts, in words: "a non-negative integer (virtual ms)", "one of a, b". */
export function expectation(node: SchemaNode | undefined): string {
  if (!node) return 'something else';
  let nullable = false;
  let described = node.description;
  let inner = node;
  while (wrappers.has(inner._zod.def.type) && inner._zod.def.innerType) {
    if (inner._zod.def.type === 'nullable') nullable = true;
    inner = inner._zod.def.innerType;
    described ??= inner.description;
  }
  described ??= inner.description;
  const unit = /virtual (milliseconds|ms)\b/.test(described ?? '') ? ' (virtual ms)' : '';
  return baseExpectation(inner) + unit + (nullable ? ' or null' : '');
}

function baseExpectation(node: SchemaNode): string {
  const def = node._zod.def;
  switch (def.type) {
    case 'number':
      return numberExpectation(def, node.isInt === true);
    case 'string':
      return stringExpectation(def);
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'literal':
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
    case 'array':
      return lengthExpectation(def, 'list', 'items');
    case 'tuple':
      return `a list of exactly ${def.items?.length ?? 0} items`;
    case 'object':
      return 'an object';
    case 'record':
      return `an object whose values are each ${expectation(def.valueType)}`;
    case 'union':
      if (def.discriminator) return `an object with a "${def.discriminator}" field`;
      return (def.options ?? []).map(expectation).join(', or ');
    case 'lazy':
      return 'any JSON value';
    default:
      return `a ${def.type}`;
  }
}

function numberExpectation(def: SchemaDef, isInt: boolean): string {
  const noun = isInt ? 'integer' : 'number';
  let low: { value: number; inclusive: boolean } | undefined;
  let high: { value: number; inclusive: boolean } | undefined;
  for (const {
    _zod: { def: check },
  } of def.checks ?? []) {
    const bound = { value: check.value ?? 0, inclusive: check.inclusive ?? true };
    // An integer's exclusive bound is an inclusive one a step inside: > 0 is >= 1.
    if (isInt && !bound.inclusive) bound.value += check.check === 'greater_than' ? 1 : -1;
    if (isInt) bound.inclusive = true;
    if (check.check === 'greater_than') low = bound;
    if (check.check === 'less_than' && bound.value < Number.MAX_SAFE_INTEGER) high = bound;
  }
  const article = isInt ? 'an' : 'a';
  if (low && high && low.inclusive && high.inclusive) {
    return `${article} ${noun} from ${low.value} to ${high.value}`;
  }
  if (low && !high && low.value === 0)
    return `a ${low.inclusive ? 'non-negative' : 'positive'} ${noun}`;
  if (low && !high && low.value === 1 && isInt) return 'a positive integer';
  const parts: string[] = [];
  if (low) parts.push(low.inclusive ? `at least ${low.value}` : `greater than ${low.value}`);
  if (high) parts.push(high.inclusive ? `at most ${high.value}` : `less than ${high.value}`);
  return `${article} ${noun}${parts.length ? ' ' + parts.join(' and ') : ''}`;
}

/** A string's own words when its pattern has a custom message ("an actor id: a letter, ..."). */
function stringExpectation(def: SchemaDef): string {
  const pattern = def.checks?.find((c) => c._zod.def.check === 'string_format')?._zod.def;
  const text = pattern?.error?.();
  if (typeof text !== 'string' || text.startsWith('Invalid'))
    return lengthExpectation(def, 'string', 'characters');
  const max = def.checks?.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
  return max === undefined ? text : `${text} (at most ${max} characters)`;
}

function lengthExpectation(def: SchemaDef, noun: 'string' | 'list', unit: string): string {
  let min: number | undefined;
  let max: number | undefined;
  for (const check of def.checks ?? []) {
    if (check._zod.def.check === 'min_length') min = check._zod.def.minimum;
    if (check._zod.def.check === 'max_length') max = check._zod.def.maximum;
  }
  const head = min !== undefined && min >= 1 ? `a non-empty ${noun}` : `a ${noun}`;
  if (min !== undefined && min > 1) return `${head} of at least ${min} ${unit}`;
  return max === undefined ? head : `${head} of at most ${max} ${unit}`;
}

/** A value as it appears in a message: short, and never a wall of JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    return value.length > 40
      ? JSON.stringify(value.slice(0, 37)).replace(/"$/, '..."')
      : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list';
    return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (isRecord(value)) return 'an object';
  return String(value);
}

/** ` (did you mean "partitions"?)` for a near miss, else the list of allowed fields. */
function suggest(key: string, known: string[]): string {
  if (known.length === 0) return '';
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (
    best !== undefined &&
    bestDistance < best.length &&
    bestDistance <= Math.max(1, Math.floor(best.length / 3))
  ) {
    return ` (did you mean ${JSON.stringify(best)}?)`;
  }
  return ` (allowed: ${known.join(', ')})`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
