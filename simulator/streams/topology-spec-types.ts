/**
 * The topology-as-data of `topology-schema.ts` as plain TypeScript types, for learners' code: the
 * browser's type checker has the simulator's sources but not zod, so `TopologySpecInput` (a zod
 * type) is `any` there. These types say the same; a test proves both ways that they stay equal.
 */

import type { Json } from '../core/types.ts';

/** Built-in predicates (`filter`, `filterNot`). */
export type PredicateData =
  | { fn: 'fieldEquals'; field: string; value: Json }
  | { fn: 'fieldNotEquals'; field: string; value: Json }
  | { fn: 'fieldGreaterThan'; field: string; value: number }
  | { fn: 'fieldLessThan'; field: string; value: number }
  | { fn: 'hasField'; field: string }
  | { fn: 'keyEquals'; key: string | null }
  | { fn: 'valueEquals'; value: Json }
  | { fn: 'notNull' };

/** Built-in value mappers (`mapValues`, `map`). */
export type ValueMapperData =
  | { fn: 'pickField'; field: string }
  | { fn: 'setField'; field: string; value: Json }
  | { fn: 'wrap'; field: string }
  | { fn: 'constant'; value: Json }
  | { fn: 'identity' };

/** Built-in key mappers (`selectKey`, `groupBy`, `map`). */
export type KeyMapperData =
  | { fn: 'rekeyByField'; field: string }
  | { fn: 'valueAsKey' }
  | { fn: 'constantKey'; key: string | null }
  | { fn: 'identityKey' };

/** Built-in joiners: `pair` makes `{ left, right }` (the missing side null in left/outer joins). */
export type JoinerData =
  | { fn: 'pair' }
  | { fn: 'leftValue' }
  | { fn: 'rightValue' }
  | { fn: 'concat'; separator?: string }
  | { fn: 'merge' };

/** Built-in aggregators (`aggregate`). */
export type AggregatorData =
  { fn: 'count' } | { fn: 'sum' | 'min' | 'max' | 'latest' | 'collect'; field?: string };

/** Built-in reducers (`reduce`). */
export type ReducerData =
  | { fn: 'sum' }
  | { fn: 'min' }
  | { fn: 'max' }
  | { fn: 'latest' }
  | { fn: 'concat'; separator?: string };

/** Windows of a windowed aggregation, ms. */
export type TimeWindowsData =
  | { type: 'tumbling'; sizeMs: number; graceMs?: number }
  | { type: 'hopping'; sizeMs: number; advanceMs: number; graceMs?: number }
  | { type: 'session'; inactivityGapMs: number; graceMs?: number };

/** Kafka's JoinWindows, ms: `timeDifferenceMs` both ways, `beforeMs`/`afterMs` override one side. */
export interface JoinWindowsData {
  /** Records join when their timestamps differ by at most this much. */
  timeDifferenceMs: number;
  /** Out-of-order records are still joined this long after the window ends. */
  graceMs?: number;
  /** How far before a left record a right record may be. */
  beforeMs?: number;
  /** How far after a left record a right record may be. */
  afterMs?: number;
}

/** `from`: the `as` name of an earlier operator (default: the one just before); `as`: this one's. */
interface Base {
  from?: string;
  as?: string;
}

/** One DSL operator. */
export type OperatorData =
  | { as?: string; op: 'stream'; topics: string[] }
  | { as?: string; op: 'table'; topic: string; storeName?: string }
  | (Base & { op: 'filter' | 'filterNot'; predicate: PredicateData })
  | (Base & { op: 'mapValues'; mapper: ValueMapperData })
  | (Base & { op: 'map'; key: KeyMapperData; value?: ValueMapperData })
  | (Base & { op: 'selectKey'; mapper: KeyMapperData })
  | (Base & { op: 'flatMapValues'; mapper: { fn: 'splitArray'; field?: string } })
  | (Base & { op: 'merge'; with: string })
  | (Base & { op: 'groupByKey' })
  | (Base & { op: 'groupBy'; key: KeyMapperData; value?: ValueMapperData })
  | (Base & { op: 'windowedBy'; windows: TimeWindowsData })
  | (Base & { op: 'count'; storeName?: string })
  | (Base & { op: 'reduce'; reducer: ReducerData; storeName?: string })
  | (Base & { op: 'aggregate'; aggregator: AggregatorData; storeName?: string })
  | (Base & { op: 'suppress'; until: 'windowCloses' })
  | (Base & { op: 'toStream' })
  | (Base & { op: 'toTable'; storeName?: string })
  | (Base & {
      op: 'join' | 'leftJoin' | 'outerJoin';
      with: string;
      joiner: JoinerData;
      windows?: JoinWindowsData;
    })
  | (Base & { op: 'to'; topic: string });

/** A Kafka Streams topology as data: its operators in order, and optionally its topics. */
export interface TopologyData {
  /** If given: every topic the operators use, with its partitions. */
  topics?: { name: string; partitions?: number }[];
  /** The DSL operators, in order. */
  operators: OperatorData[];
}
