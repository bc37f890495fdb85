import type { Json } from '../../core/types.ts';
import {
  SessionWindowedKStream,
  type KGroupedStream,
  type TimeWindowedKStream,
} from '../dsl/kgrouped-stream.ts';
import type { KStream } from '../dsl/kstream.ts';
import type { KGroupedTable } from '../dsl/kgrouped-table.ts';
import { Suppressed, type KTable } from '../dsl/ktable.ts';
import { StreamsBuilder } from '../dsl/streams-builder.ts';
import type { Topology } from '../topology.ts';
import type {
  JoinWindowsSpec,
  OperatorSpec,
  TimeWindowsSpec,
  TopologySpec,
} from '../topology-schema.ts';
import { JoinWindows, SessionWindows, TimeWindows } from '../windows.ts';
import * as fns from './builtins.ts';

/** A spec that does not validate or does not make a topology; the message names the field. */
export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

type Output =
  | { readonly kind: 'stream'; readonly s: KStream }
  | { readonly kind: 'table'; readonly t: KTable }
  | { readonly kind: 'grouped'; readonly g: KGroupedStream }
  | { readonly kind: 'groupedTable'; readonly g: KGroupedTable }
  | { readonly kind: 'windowed'; readonly w: TimeWindowedKStream | SessionWindowedKStream }
  | { readonly kind: 'none' };

/**
 * Build the topology a spec describes, with the same DSL calls a TypeScript program would make
 * (so generated names, repartition topics and stores are Kafka's). Errors say which operator is
 * wrong and why: unknown inputs, undeclared topics, an operator applied to the wrong kind of input,
 * joined topics with different partition counts. The spec is already parsed (defaults filled):
 * a loaded scenario's topology is, so the engine builds it without zod (which the site's
 * simulation worker then need not download); `buildTopologyFromSpec` parses first.
 */
export function buildParsedTopology(spec: TopologySpec, prefix = ''): Topology {
  const declared = spec.topics ? new Map(spec.topics.map((t) => [t.name, t.partitions])) : null;
  const builder = new StreamsBuilder();
  const named = new Map<string, Output>();
  let previous: Output | null = null;
  spec.operators.forEach((op, i) => {
    const where = `${prefix ? `${prefix}.` : ''}operators[${i}] (${op.op})`;
    try {
      if (declared) for (const topic of topicsOf(op)) requireDeclared(declared, topic);
      const inputOf = (ref: string | undefined): Output => resolve(named, previous, ref);
      const out = compile(builder, op, inputOf, named);
      if (op.as !== undefined) {
        if (named.has(op.as))
          throw new SpecError(`the name "${op.as}" is already used by an earlier operator`);
        named.set(op.as, out);
      }
      previous = out;
    } catch (e) {
      throw new SpecError(`${where}: ${(e as Error).message}`);
    }
  });
  try {
    return builder.build(declared ? { partitions: Object.fromEntries(declared) } : {});
  } catch (e) {
    throw new SpecError(`${prefix ? `${prefix}.` : ''}topics: ${(e as Error).message}`);
  }
}

function topicsOf(op: OperatorSpec): string[] {
  if (op.op === 'stream') return op.topics;
  if (op.op === 'table' || op.op === 'to') return [op.topic];
  return [];
}

function requireDeclared(declared: Map<string, number>, topic: string): void {
  if (!declared.has(topic)) {
    throw new SpecError(
      `topic "${topic}" is not declared in topics (declared: ${[...declared.keys()].join(', ') || 'none'})`,
    );
  }
}

function resolve(
  named: Map<string, Output>,
  previous: Output | null,
  ref: string | undefined,
): Output {
  if (ref === undefined) {
    if (!previous) throw new SpecError('there is no earlier operator to read from; give "from"');
    return previous;
  }
  const out = named.get(ref);
  if (!out)
    throw new SpecError(
      `"${ref}" is not the name of an earlier operator (known: ${[...named.keys()].join(', ') || 'none'})`,
    );
  return out;
}

const describeKind = (o: Output) =>
  ({
    stream: 'a stream',
    table: 'a table',
    grouped: 'a grouped stream',
    groupedTable: 'a grouped table',
    windowed: 'a windowed stream',
    none: 'nothing (it ends a pipeline)',
  })[o.kind];

function stream(o: Output, need: string): KStream {
  if (o.kind !== 'stream')
    throw new SpecError(`${need} needs a stream, but its input is ${describeKind(o)}`);
  return o.s;
}

function table(o: Output, need: string): KTable {
  if (o.kind !== 'table')
    throw new SpecError(`${need} needs a table, but its input is ${describeKind(o)}`);
  return o.t;
}

function aggregatable(
  o: Output,
  need: string,
): KGroupedStream | TimeWindowedKStream | SessionWindowedKStream {
  if (o.kind === 'grouped') return o.g;
  if (o.kind === 'windowed') return o.w;
  throw new SpecError(
    `${need} needs a grouped stream (groupByKey, groupBy, windowedBy), but its input is ${describeKind(o)}`,
  );
}

function compile(
  b: StreamsBuilder,
  op: OperatorSpec,
  inputOf: (ref?: string) => Output,
  named: Map<string, Output>,
): Output {
  switch (op.op) {
    case 'stream':
      return { kind: 'stream', s: b.stream(...op.topics) };
    case 'table':
      return {
        kind: 'table',
        t: b.table(op.topic, op.storeName ? { storeName: op.storeName } : undefined),
      };
    case 'to':
      stream(inputOf(op.from), 'to').to(op.topic);
      return { kind: 'none' };
    case 'groupByKey':
      return { kind: 'grouped', g: stream(inputOf(op.from), 'groupByKey').groupByKey() };
    case 'groupBy':
      return compileGroupBy(op, inputOf(op.from));
    case 'windowedBy':
      return compileWindowedBy(op.windows, inputOf(op.from));
    case 'count':
    case 'reduce':
    case 'aggregate': {
      const input = inputOf(op.from);
      if (input.kind === 'groupedTable')
        return { kind: 'table', t: compileTableAggregation(op, input.g) };
      return { kind: 'table', t: compileAggregation(op, aggregatable(input, op.op)) };
    }
    case 'suppress':
      return {
        kind: 'table',
        t: table(inputOf(op.from), 'suppress').suppress(Suppressed.untilWindowCloses()),
      };
    case 'toStream':
      return { kind: 'stream', s: table(inputOf(op.from), 'toStream').toStream() };
    case 'toTable':
      return {
        kind: 'table',
        t: stream(inputOf(op.from), 'toTable').toTable(
          op.storeName ? { storeName: op.storeName } : undefined,
        ),
      };
    case 'join':
    case 'leftJoin':
    case 'outerJoin':
      return compileJoin(op, inputOf(op.from), inputOf(op.with));
    case 'merge':
      return {
        kind: 'stream',
        s: stream(inputOf(op.from), 'merge').merge(
          stream(resolve(named, null, op.with), 'merge (with)'),
        ),
      };
    default:
      return { kind: 'stream', s: compileStateless(op, stream(inputOf(op.from), op.op)) };
  }
}

function compileStateless(op: OperatorSpec, s: KStream): KStream {
  switch (op.op) {
    case 'filter':
      return s.filter(fns.predicate(op.predicate));
    case 'filterNot':
      return s.filterNot(fns.predicate(op.predicate));
    case 'mapValues':
      return s.mapValues(fns.valueMapper(op.mapper));
    case 'map': {
      const key = fns.keyMapper(op.key);
      const value = op.value ? fns.valueMapper(op.value) : (v: Json) => v;
      return s.map((k, v) => ({ key: key(k, v), value: value(v, k) }));
    }
    case 'selectKey':
      return s.selectKey(fns.keyMapper(op.mapper));
    case 'flatMapValues':
      return s.flatMapValues(fns.flatMapper(op.mapper));
    default:
      throw new SpecError(`unsupported operator ${op.op}`);
  }
}

function compileGroupBy(op: Extract<OperatorSpec, { op: 'groupBy' }>, input: Output): Output {
  const key = fns.keyMapper(op.key);
  if (input.kind === 'table') {
    const value = op.value ? fns.valueMapper(op.value) : (v: Json) => v;
    return {
      kind: 'groupedTable',
      g: input.t.groupBy((k, v) => ({ key: key(k, v), value: value(v, k) })),
    };
  }
  if (op.value)
    throw new SpecError(
      '"value" applies to grouping a table; map a stream\'s values with mapValues',
    );
  return { kind: 'grouped', g: stream(input, 'groupBy').groupBy(key) };
}

function compileTableAggregation(
  op: Extract<OperatorSpec, { op: 'count' | 'reduce' | 'aggregate' }>,
  g: KGroupedTable,
): KTable {
  const materialized = op.storeName ? { storeName: op.storeName } : undefined;
  if (op.op === 'count') return g.count(materialized);
  if (op.op === 'reduce') {
    const r = fns.tableReducer(op.reducer);
    return g.reduce(r.adder, r.subtractor, materialized);
  }
  const a = fns.tableAggregation(op.aggregator);
  return g.aggregate(a.initializer, a.adder, a.subtractor, materialized);
}

function compileWindowedBy(spec: TimeWindowsSpec, input: Output): Output {
  if (input.kind !== 'grouped')
    throw new SpecError(
      `windowedBy needs a grouped stream, but its input is ${describeKind(input)}`,
    );
  if (spec.type === 'session') {
    return {
      kind: 'windowed',
      w: input.g.windowedBy(
        SessionWindows.ofInactivityGapAndGrace(spec.inactivityGapMs, spec.graceMs),
      ),
    };
  }
  let windows = TimeWindows.ofSizeAndGrace(spec.sizeMs, spec.graceMs);
  if (spec.type === 'hopping') windows = windows.advanceBy(spec.advanceMs);
  return { kind: 'windowed', w: input.g.windowedBy(windows) };
}

function compileAggregation(
  op: Extract<OperatorSpec, { op: 'count' | 'reduce' | 'aggregate' }>,
  target: KGroupedStream | TimeWindowedKStream | SessionWindowedKStream,
): KTable {
  const materialized = op.storeName ? { storeName: op.storeName } : undefined;
  if (op.op === 'count') return target.count(materialized);
  if (op.op === 'reduce') return target.reduce(fns.reducer(op.reducer), materialized);
  const agg = fns.aggregation(op.aggregator);
  if (target instanceof SessionWindowedKStream)
    return target.aggregate(agg.initializer, agg.aggregator, agg.merger, materialized);
  return target.aggregate(agg.initializer, agg.aggregator, materialized);
}

function compileJoin(
  op: Extract<OperatorSpec, { op: 'join' | 'leftJoin' | 'outerJoin' }>,
  left: Output,
  right: Output,
): Output {
  const joiner = fns.joiner(op.joiner);
  if (left.kind === 'table') {
    if (op.windows) throw new SpecError('a table-table join takes no windows');
    const r = table(right, `${op.op} of a table (with)`);
    return { kind: 'table', t: left.t[op.op](r, joiner) };
  }
  const l = stream(left, op.op);
  if (right.kind === 'table') {
    if (op.op === 'outerJoin')
      throw new SpecError('a stream can outer-join only a stream, not a table');
    if (op.windows) throw new SpecError('a stream-table join takes no windows');
    return {
      kind: 'stream',
      s: op.op === 'join' ? l.join(right.t, joiner) : l.leftJoin(right.t, joiner),
    };
  }
  const r = stream(right, `${op.op} (with)`);
  if (!op.windows)
    throw new SpecError('a stream-stream join needs windows ({ "timeDifferenceMs": ... })');
  const windows = joinWindows(op.windows);
  if (op.op === 'join') return { kind: 'stream', s: l.join(r, joiner, windows) };
  if (op.op === 'leftJoin') return { kind: 'stream', s: l.leftJoin(r, joiner, windows) };
  return { kind: 'stream', s: l.outerJoin(r, joiner, windows) };
}

function joinWindows(spec: JoinWindowsSpec): JoinWindows {
  let windows = JoinWindows.ofTimeDifferenceAndGrace(spec.timeDifferenceMs, spec.graceMs);
  if (spec.beforeMs !== undefined) windows = windows.before(spec.beforeMs);
  if (spec.afterMs !== undefined) windows = windows.after(spec.afterMs);
  return windows;
}
