import type { Json } from '../../core/types.ts';
import type { SessionAggregationFns } from '../processors/session-aggregate.ts';
import type { ValueJoiner } from '../processors/table-table-join.ts';
import type {
  AggregatorSpec,
  FlatMapperSpec,
  JoinerSpec,
  KeyMapperSpec,
  PredicateSpec,
  ReducerSpec,
  ValueMapperSpec,
} from '../topology-schema.ts';
import { jsonEquals } from '../json.ts';

/** The implementations of the spec's named functions: pure, deterministic, never mutating inputs. */

/** value[field], following "a.b" paths; undefined if any step is missing or not an object. */
export function fieldOf(value: Json, field: string): Json | undefined {
  let current: Json | undefined = value;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as { [k: string]: Json })[part];
  }
  return current;
}

/** A value as text: strings as they are, everything else as JSON. */
function asText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function asNumber(value: Json | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function predicate(spec: PredicateSpec): (key: string | null, value: Json) => boolean {
  switch (spec.fn) {
    case 'fieldEquals':
      return (_k, v) => jsonEquals(fieldOf(v, spec.field) ?? null, spec.value);
    case 'fieldNotEquals':
      return (_k, v) => !jsonEquals(fieldOf(v, spec.field) ?? null, spec.value);
    case 'fieldGreaterThan':
      return (_k, v) =>
        typeof fieldOf(v, spec.field) === 'number' &&
        (fieldOf(v, spec.field) as number) > spec.value;
    case 'fieldLessThan':
      return (_k, v) =>
        typeof fieldOf(v, spec.field) === 'number' &&
        (fieldOf(v, spec.field) as number) < spec.value;
    case 'hasField':
      return (_k, v) => (fieldOf(v, spec.field) ?? null) !== null;
    case 'keyEquals':
      return (k) => k === spec.key;
    case 'valueEquals':
      return (_k, v) => jsonEquals(v, spec.value);
    case 'notNull':
      return (_k, v) => v !== null;
  }
}

export function valueMapper(spec: ValueMapperSpec): (value: Json, key: string | null) => Json {
  switch (spec.fn) {
    case 'pickField':
      return (v) => fieldOf(v, spec.field) ?? null;
    case 'setField':
      return (v) => ({
        ...(v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {}),
        [spec.field]: spec.value,
      });
    case 'wrap':
      return (v) => ({ [spec.field]: v });
    case 'constant':
      return () => spec.value;
    case 'identity':
      return (v) => v;
  }
}

export function keyMapper(spec: KeyMapperSpec): (key: string | null, value: Json) => string | null {
  switch (spec.fn) {
    case 'rekeyByField':
      return (_k, v) => {
        const f = fieldOf(v, spec.field);
        return f === undefined || f === null ? null : asText(f);
      };
    case 'valueAsKey':
      return (_k, v) => (v === null ? null : asText(v));
    case 'constantKey':
      return () => spec.key;
    case 'identityKey':
      return (k) => k;
  }
}

export function flatMapper(spec: FlatMapperSpec): (value: Json) => Json[] {
  return (v) => {
    const list = spec.field === undefined ? v : fieldOf(v, spec.field);
    return Array.isArray(list) ? list : [];
  };
}

/**
 * The joiners that need nothing from their spec are shared functions, not one made per topology:
 * a join's optimized code calls its joiner per record, and a function made per topology (per test
 * driver, per task) would be a new call target each time, its compiled code discarded with it.
 */
const pairJoiner: ValueJoiner = (left, right) => ({ left, right });
const leftValueJoiner: ValueJoiner = (left) => left;
const rightValueJoiner: ValueJoiner = (_l, right) => right;

export function joiner(spec: JoinerSpec): ValueJoiner {
  switch (spec.fn) {
    case 'pair':
      return pairJoiner;
    case 'leftValue':
      return leftValueJoiner;
    case 'rightValue':
      return rightValueJoiner;
    case 'concat':
      return (left, right) =>
        `${left === null ? 'null' : asText(left)}${spec.separator}${right === null ? 'null' : asText(right)}`;
    case 'merge':
      return (left, right) => {
        const isObj = (x: Json) => x !== null && typeof x === 'object' && !Array.isArray(x);
        if ((left === null || isObj(left)) && (right === null || isObj(right))) {
          return { ...((left ?? {}) as object), ...((right ?? {}) as object) } as Json;
        }
        return { left, right };
      };
  }
}

/** Aggregator, initializer and session merger of a built-in aggregation. */
export function aggregation(spec: AggregatorSpec): SessionAggregationFns {
  const pick = (v: Json): Json =>
    ('field' in spec && spec.field !== undefined ? fieldOf(v, spec.field) : v) ?? null;
  switch (spec.fn) {
    case 'count':
      return {
        initializer: () => 0,
        aggregator: (_k, _v, a) => (a as number) + 1,
        merger: (_k, a, b) => asNumber(a) + asNumber(b),
      };
    case 'sum':
      return {
        initializer: () => 0,
        aggregator: (_k, v, a) => asNumber(a) + asNumber(pick(v)),
        merger: (_k, a, b) => asNumber(a) + asNumber(b),
      };
    case 'min':
    case 'max': {
      const better = (a: Json, b: Json): Json => {
        if (typeof b !== 'number') return a;
        if (typeof a !== 'number') return b;
        return spec.fn === 'min' ? Math.min(a, b) : Math.max(a, b);
      };
      return {
        initializer: () => null,
        aggregator: (_k, v, a) => better(a, pick(v)),
        merger: (_k, a, b) => better(a, b),
      };
    }
    case 'latest':
      return {
        initializer: () => null,
        aggregator: (_k, v) => pick(v),
        merger: (_k, a, b) => (b === null ? a : b),
      };
    case 'collect':
      return {
        initializer: () => [],
        aggregator: (_k, v, a) => [...(a as Json[]), pick(v)],
        merger: (_k, a, b) => [...(a as Json[]), ...(b as Json[])],
      };
  }
}

export function reducer(spec: ReducerSpec): (aggregate: Json, value: Json) => Json {
  switch (spec.fn) {
    case 'sum':
      return (a, v) => asNumber(a) + asNumber(v);
    case 'min':
      return (a, v) => Math.min(asNumber(a), asNumber(v));
    case 'max':
      return (a, v) => Math.max(asNumber(a), asNumber(v));
    case 'latest':
      return (_a, v) => v;
    case 'concat':
      return (a, v) => `${asText(a)}${spec.separator}${asText(v)}`;
  }
}

/** Adder and subtractor of a built-in reducer on a grouped table (only sums can be taken back out). */
export function tableReducer(spec: ReducerSpec): {
  adder: (aggregate: Json, value: Json) => Json;
  subtractor: (aggregate: Json, value: Json) => Json;
} {
  if (spec.fn !== 'sum') {
    throw new Error(
      `reducer "${spec.fn}" cannot take an old value back out of a table's aggregate; a grouped table can reduce with "sum"`,
    );
  }
  return {
    adder: (a, v) => asNumber(a) + asNumber(v),
    subtractor: (a, v) => asNumber(a) - asNumber(v),
  };
}

/** Initializer, adder and subtractor of a built-in aggregator on a grouped table. */
export function tableAggregation(spec: AggregatorSpec): {
  initializer: () => Json;
  adder: (key: string, value: Json, aggregate: Json) => Json;
  subtractor: (key: string, value: Json, aggregate: Json) => Json;
} {
  const pick = (v: Json): Json =>
    ('field' in spec && spec.field !== undefined ? fieldOf(v, spec.field) : v) ?? null;
  switch (spec.fn) {
    case 'count':
      return {
        initializer: () => 0,
        adder: (_k, _v, a) => asNumber(a) + 1,
        subtractor: (_k, _v, a) => asNumber(a) - 1,
      };
    case 'sum':
      return {
        initializer: () => 0,
        adder: (_k, v, a) => asNumber(a) + asNumber(pick(v)),
        subtractor: (_k, v, a) => asNumber(a) - asNumber(pick(v)),
      };
    case 'collect':
      return {
        initializer: () => [],
        adder: (_k, v, a) => [...(a as Json[]), pick(v)],
        subtractor: (_k, v, a) => {
          const list = [...(a as Json[])];
          const at = list.findIndex((x) => jsonEquals(x, pick(v)));
          if (at >= 0) list.splice(at, 1);
          return list;
        },
      };
    default:
      throw new Error(
        `aggregator "${spec.fn}" cannot take an old value back out of a table's aggregate; a grouped table can use count, sum or collect`,
      );
  }
}
