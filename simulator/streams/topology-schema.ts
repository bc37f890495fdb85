import { z } from 'zod';

/**
 * A Kafka Streams topology written as JSON: an ordered list of DSL operators, each reading the
 * output of an earlier one (`from`, by default the operator just before) and optionally naming
 * its own output (`as`). Functions are named built-ins with parameters, so a spec is plain data.
 * Objects are strict: an unknown field is an error, so a typo never silently means "default".
 */

const refName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a name: a letter, then letters, digits, "_", "." or "-"')
  .max(64);
const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, 'a topic name: letters, digits, ".", "_" or "-" (as Kafka allows)')
  .max(249);
const fieldName = z
  .string()
  .min(1)
  .describe('A field of the (object) value; "a.b" reaches into nested objects');
const ms = (what: string) => z.int().nonnegative().describe(`${what}, ms`);
const json = z.json();

const fn = <T extends string>(name: T, what: string) => z.literal(name).describe(what);

/** Built-in predicates (`filter`, `filterNot`). */
export const predicateSchema = z
  .discriminatedUnion('fn', [
    z.strictObject({
      fn: fn('fieldEquals', 'value[field] equals `value`'),
      field: fieldName,
      value: json.describe('The value to compare with'),
    }),
    z.strictObject({
      fn: fn('fieldNotEquals', 'value[field] differs from `value`'),
      field: fieldName,
      value: json.describe('The value to compare with'),
    }),
    z.strictObject({
      fn: fn('fieldGreaterThan', 'value[field] is a number > `value`'),
      field: fieldName,
      value: z.number().describe('The bound'),
    }),
    z.strictObject({
      fn: fn('fieldLessThan', 'value[field] is a number < `value`'),
      field: fieldName,
      value: z.number().describe('The bound'),
    }),
    z.strictObject({
      fn: fn('hasField', 'the value is an object with `field` set (not null)'),
      field: fieldName,
    }),
    z.strictObject({
      fn: fn('keyEquals', 'the key equals `key`'),
      key: z.string().nullable().describe('The key to compare with'),
    }),
    z.strictObject({
      fn: fn('valueEquals', 'the value equals `value`'),
      value: json.describe('The value to compare with'),
    }),
    z.strictObject({ fn: fn('notNull', 'the value is not null') }),
  ])
  .describe('A named predicate');

/** Built-in value mappers (`mapValues`, `map`). */
export const valueMapperSchema = z
  .discriminatedUnion('fn', [
    z.strictObject({ fn: fn('pickField', 'value[field] (null if missing)'), field: fieldName }),
    z.strictObject({
      fn: fn('setField', 'a copy of the object value with field = `value`'),
      field: fieldName,
      value: json.describe('The value to set'),
    }),
    z.strictObject({ fn: fn('wrap', '{ [field]: value }'), field: fieldName }),
    z.strictObject({ fn: fn('constant', 'always `value`'), value: json.describe('The constant') }),
    z.strictObject({ fn: fn('identity', 'the value unchanged') }),
  ])
  .describe('A named value mapper');

/** Built-in key mappers (`selectKey`, `groupBy`, `map`). */
export const keyMapperSchema = z
  .discriminatedUnion('fn', [
    z.strictObject({
      fn: fn('rekeyByField', 'String(value[field]), or null if missing'),
      field: fieldName,
    }),
    z.strictObject({
      fn: fn('valueAsKey', 'the value as a string (strings as they are, others as JSON)'),
    }),
    z.strictObject({
      fn: fn('constantKey', 'always `key`'),
      key: z.string().nullable().describe('The key'),
    }),
    z.strictObject({ fn: fn('identityKey', 'the key unchanged') }),
  ])
  .describe('A named key mapper');

/** Built-in value splitters (`flatMapValues`). */
export const flatMapperSchema = z
  .discriminatedUnion('fn', [
    z.strictObject({
      fn: fn('splitArray', 'one record per element of the array value (or of value[field])'),
      field: fieldName.optional(),
    }),
  ])
  .describe('A named splitter');

/** Built-in joiners: what a join emits for (left, right); the missing side is null in left/outer joins. */
export const joinerSchema = z
  .discriminatedUnion('fn', [
    z.strictObject({ fn: fn('pair', '{ left, right }') }),
    z.strictObject({ fn: fn('leftValue', 'the left value') }),
    z.strictObject({ fn: fn('rightValue', 'the right value') }),
    z.strictObject({
      fn: fn('concat', 'both values as text joined by `separator` (null as "null")'),
      separator: z.string().default('').describe('Put between the two'),
    }),
    z.strictObject({
      fn: fn('merge', 'the fields of both object values (right wins); { left, right } otherwise'),
    }),
  ])
  .describe('A named value joiner');

/** Built-in aggregators (`aggregate`). */
export const aggregatorSchema = z
  .discriminatedUnion('fn', [
    z.strictObject({ fn: fn('count', 'the number of records') }),
    z.strictObject({
      fn: fn('sum', 'the sum of the numeric values (or of value[field]); non-numbers count as 0'),
      field: fieldName.optional(),
    }),
    z.strictObject({
      fn: fn('min', 'the smallest numeric value (or value[field])'),
      field: fieldName.optional(),
    }),
    z.strictObject({
      fn: fn('max', 'the largest numeric value (or value[field])'),
      field: fieldName.optional(),
    }),
    z.strictObject({
      fn: fn('latest', 'the latest value (or value[field])'),
      field: fieldName.optional(),
    }),
    z.strictObject({
      fn: fn('collect', 'all values (or value[field]) in arrival order'),
      field: fieldName.optional(),
    }),
  ])
  .describe('A named aggregator');

/** Built-in reducers (`reduce`). */
export const reducerSchema = z
  .discriminatedUnion('fn', [
    z.strictObject({ fn: fn('sum', 'numbers added') }),
    z.strictObject({ fn: fn('min', 'the smallest number') }),
    z.strictObject({ fn: fn('max', 'the largest number') }),
    z.strictObject({ fn: fn('latest', 'the latest value') }),
    z.strictObject({
      fn: fn('concat', 'strings joined by `separator`'),
      separator: z.string().default('').describe('Put between values'),
    }),
  ])
  .describe('A named reducer');

export const timeWindowsSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z
        .literal('tumbling')
        .describe('Fixed windows [start, start + size) aligned to the epoch'),
      sizeMs: z.int().positive().describe('Window size, ms'),
      graceMs: ms('Records up to this long after the window end are still counted').default(0),
    }),
    z.strictObject({
      type: z.literal('hopping').describe('Overlapping fixed windows starting every advanceMs'),
      sizeMs: z.int().positive().describe('Window size, ms'),
      advanceMs: z.int().positive().describe('Distance between window starts, ms (<= size)'),
      graceMs: ms('Records up to this long after the window end are still counted').default(0),
    }),
    z.strictObject({
      type: z.literal('session').describe('Per-key sessions split by gaps of inactivity'),
      inactivityGapMs: z.int().positive().describe('The largest gap inside one session, ms'),
      graceMs: ms('Late records are still accepted this long').default(0),
    }),
  ])
  .describe('Windows of a windowed aggregation');

export const joinWindowsSchema = z
  .strictObject({
    timeDifferenceMs: ms('Records join when their timestamps differ by at most this much'),
    graceMs: ms('Out-of-order records are still joined this long after the window ends').default(0),
    beforeMs: z
      .int()
      .optional()
      .describe('Override: how far before a left record a right record may be, ms'),
    afterMs: z
      .int()
      .optional()
      .describe('Override: how far after a left record a right record may be, ms'),
  })
  .describe('JoinWindows of a stream-stream join');

const base = {
  from: refName
    .optional()
    .describe('The input: the `as` name of an earlier operator (default: the one just before)'),
  as: refName.optional().describe("Name this operator's output so later operators can use it"),
};
const storeName = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('Name the state store (else Kafka generates one)');
const op = <T extends string>(name: T, what: string) => z.literal(name).describe(what);

export const operatorSchema = z
  .discriminatedUnion('op', [
    z.strictObject({
      as: base.as,
      op: op('stream', 'A stream of the records of topics'),
      topics: z.array(topicName).min(1).describe('Topics to read'),
    }),
    z.strictObject({
      as: base.as,
      op: op('table', 'A table of the latest value per key of a topic'),
      topic: topicName.describe('Topic to read'),
      storeName,
    }),
    z.strictObject({
      ...base,
      op: op('filter', 'Keep records the predicate accepts'),
      predicate: predicateSchema,
    }),
    z.strictObject({
      ...base,
      op: op('filterNot', 'Drop records the predicate accepts'),
      predicate: predicateSchema,
    }),
    z.strictObject({ ...base, op: op('mapValues', 'Replace values'), mapper: valueMapperSchema }),
    z.strictObject({
      ...base,
      op: op('map', 'Replace keys (and values); repartitions before the next grouping or join'),
      key: keyMapperSchema,
      value: valueMapperSchema.optional(),
    }),
    z.strictObject({
      ...base,
      op: op('selectKey', 'Replace keys; repartitions before the next grouping or join'),
      mapper: keyMapperSchema,
    }),
    z.strictObject({
      ...base,
      op: op('flatMapValues', 'One record per element'),
      mapper: flatMapperSchema,
    }),
    z.strictObject({
      ...base,
      op: op('merge', 'Interleave with another stream'),
      with: refName.describe('The other stream'),
    }),
    z.strictObject({ ...base, op: op('groupByKey', 'Group by the current key') }),
    z.strictObject({
      ...base,
      op: op('groupBy', 'Group a stream or a table by a new key (repartitions)'),
      key: keyMapperSchema,
      value: valueMapperSchema
        .optional()
        .describe("For a table: the value each row contributes (default: the row's value)"),
    }),
    z.strictObject({
      ...base,
      op: op('windowedBy', 'Aggregate per window'),
      windows: timeWindowsSchema,
    }),
    z.strictObject({ ...base, op: op('count', 'Count records per key (and window)'), storeName }),
    z.strictObject({
      ...base,
      op: op('reduce', 'Combine values per key (and window)'),
      reducer: reducerSchema,
      storeName,
    }),
    z.strictObject({
      ...base,
      op: op('aggregate', 'Fold values per key (and window)'),
      aggregator: aggregatorSchema,
      storeName,
    }),
    z.strictObject({
      ...base,
      op: op('suppress', 'Emit each window once, final, after it closes'),
      until: z.literal('windowCloses').describe('Only untilWindowCloses is supported'),
    }),
    z.strictObject({ ...base, op: op('toStream', "A table's updates as a stream") }),
    z.strictObject({
      ...base,
      op: op('toTable', 'A stream as a table (upserts by key)'),
      storeName,
    }),
    z.strictObject({
      ...base,
      op: op('join', 'Inner join (stream-stream needs windows)'),
      with: refName.describe('The right side'),
      joiner: joinerSchema,
      windows: joinWindowsSchema.optional(),
    }),
    z.strictObject({
      ...base,
      op: op('leftJoin', 'Left join (stream-stream needs windows)'),
      with: refName.describe('The right side'),
      joiner: joinerSchema,
      windows: joinWindowsSchema.optional(),
    }),
    z.strictObject({
      ...base,
      op: op('outerJoin', 'Outer join of streams (with windows) or tables'),
      with: refName.describe('The right side'),
      joiner: joinerSchema,
      windows: joinWindowsSchema.optional(),
    }),
    z.strictObject({
      ...base,
      op: op('to', 'Write the stream to a topic'),
      topic: topicName.describe('Topic to write'),
    }),
  ])
  .describe('One DSL operator');

export const topicDeclSchema = z
  .strictObject({
    name: topicName.describe('Topic name'),
    partitions: z
      .int()
      .min(1)
      .max(1024)
      .default(1)
      .describe('Number of partitions (joined topics must match)'),
  })
  .describe('A topic the topology reads or writes');

export const topologySpecSchema = z
  .strictObject({
    topics: z
      .array(topicDeclSchema)
      .optional()
      .describe(
        'If given: every topic the operators use must be declared here, with its partitions',
      ),
    operators: z.array(operatorSchema).min(1).describe('The DSL operators, in order'),
  })
  .describe('A Kafka Streams topology as data');

export type TopologySpec = z.output<typeof topologySpecSchema>;
export type TopologySpecInput = z.input<typeof topologySpecSchema>;
export type OperatorSpec = z.output<typeof operatorSchema>;
export type PredicateSpec = z.output<typeof predicateSchema>;
export type ValueMapperSpec = z.output<typeof valueMapperSchema>;
export type KeyMapperSpec = z.output<typeof keyMapperSchema>;
export type FlatMapperSpec = z.output<typeof flatMapperSchema>;
export type JoinerSpec = z.output<typeof joinerSchema>;
export type AggregatorSpec = z.output<typeof aggregatorSchema>;
export type ReducerSpec = z.output<typeof reducerSchema>;
export type TimeWindowsSpec = z.output<typeof timeWindowsSchema>;
export type JoinWindowsSpec = z.output<typeof joinWindowsSchema>;
