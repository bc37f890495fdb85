import type { Json } from '../../core/types.ts';
import { TopologyException } from '../errors.ts';
import { aggregateProcessor, type AggregationFns } from '../processors/aggregate.ts';
import {
  sessionAggregateProcessor,
  type SessionAggregationFns,
} from '../processors/session-aggregate.ts';
import { storeValueGetter } from '../processors/value-getter.ts';
import { windowAggregateProcessor } from '../processors/window-aggregate.ts';
import type { NodeProcessor } from '../processor-api.ts';
import type { StoreSpec } from '../stores/stores.ts';
import { SessionWindows, TimeWindows } from '../windows.ts';
import type { Materialized } from './internal-builder.ts';
import type { KStream } from './kstream.ts';
import { KTable } from './ktable.ts';

const AGGREGATE = 'KSTREAM-AGGREGATE-';
const REDUCE = 'KSTREAM-REDUCE-';

const countFns: AggregationFns = {
  kind: 'aggregate',
  initializer: () => 0,
  aggregator: (_k, _v, agg) => (agg as number) + 1,
};

/**
 * `count`, `reduce` and `aggregate`, the same three on a grouped stream and on a time-windowed one
 * (per key there, per key and window here); each says how it builds an aggregation.
 */
abstract class Aggregations {
  /**
   * The number of records per key (and window). Records with a null key are dropped; so are null
   * values per key, while a windowed aggregation counts them, as Kafka Streams does.
   */
  count(materialized?: Materialized): KTable {
    return this.aggregateWith(AGGREGATE, countFns, materialized);
  }

  /** Combine the values with `reducer(aggregate, value)`; the first value starts it. */
  reduce(reducer: (aggregate: Json, value: Json) => Json, materialized?: Materialized): KTable {
    return this.aggregateWith(REDUCE, { kind: 'reduce', reducer }, materialized);
  }

  /** Fold the values into `initializer()` with `aggregator(key, value, aggregate)`. */
  aggregate(
    initializer: () => Json,
    aggregator: (key: string, value: Json, aggregate: Json) => Json,
    materialized?: Materialized,
  ): KTable {
    return this.aggregateWith(
      AGGREGATE,
      { kind: 'aggregate', initializer, aggregator },
      materialized,
    );
  }

  protected abstract aggregateWith(
    prefix: string,
    fns: AggregationFns,
    materialized?: Materialized,
  ): KTable;
}

/**
 * Kafka Streams' `KGroupedStream`: records grouped by key, ready to aggregate. If the stream's key
 * changed, the aggregation first repartitions through `<store name>-repartition`.
 */
export class KGroupedStream extends Aggregations {
  constructor(
    /** @internal */ readonly stream: KStream,
    /** @internal */ readonly repartitionRequired: boolean,
  ) {
    super();
  }

  /** Aggregate per window: fixed time windows or sessions. */
  windowedBy(windows: TimeWindows): TimeWindowedKStream;
  windowedBy(windows: SessionWindows): SessionWindowedKStream;
  windowedBy(windows: TimeWindows | SessionWindows): TimeWindowedKStream | SessionWindowedKStream {
    if (windows instanceof TimeWindows) return new TimeWindowedKStream(this, windows);
    if (windows instanceof SessionWindows) return new SessionWindowedKStream(this, windows);
    throw new TopologyException('windowedBy needs TimeWindows or SessionWindows');
  }

  protected aggregateWith(
    prefix: string,
    fns: AggregationFns,
    materialized?: Materialized,
  ): KTable {
    return this.build(prefix, materialized, (storeName) => ({
      store: this.stream.builder.keyValueStore(storeName, materialized),
      supplier: aggregateProcessor(storeName, fns),
      info: { getter: storeValueGetter(storeName), queryableStore: storeName },
    }));
  }

  /** @internal Kafka's order: store name, processor name, then the repartition nodes. */
  build(
    prefix: string,
    materialized: Materialized | undefined,
    make: (storeName: string) => {
      store: StoreSpec;
      supplier: () => NodeProcessor;
      info: KTable['info'];
    },
  ): KTable {
    const b = this.stream.builder;
    let storeName: string;
    if (materialized?.storeName) {
      b.requireNewStore(materialized.storeName);
      storeName = materialized.storeName;
    } else storeName = b.newStoreName(prefix);
    const name = b.newProcessorName(prefix);
    const input = this.repartitionRequired ? this.stream.repartitioned(storeName) : this.stream;
    const { store, supplier, info } = make(storeName);
    b.addProcessor(name, supplier, [input.name], [store]);
    return new KTable(b, name, input.sourceTopics, info);
  }
}

/** Kafka Streams' `TimeWindowedKStream`: aggregations per key and time window. */
export class TimeWindowedKStream extends Aggregations {
  constructor(
    private readonly grouped: KGroupedStream,
    private readonly windows: TimeWindows,
  ) {
    super();
  }

  protected aggregateWith(
    prefix: string,
    fns: AggregationFns,
    materialized?: Materialized,
  ): KTable {
    const w = this.windows;
    return this.grouped.build(prefix, materialized, (storeName) => ({
      store: {
        kind: 'window',
        name: storeName,
        logged: materialized?.logging ?? true,
        retentionMs: w.sizeMs + w.graceMs,
        windowSizeMs: w.sizeMs,
        retainDuplicates: false,
      },
      supplier: windowAggregateProcessor(storeName, w, fns),
      info: { getter: null, queryableStore: storeName, windowGraceMs: w.graceMs },
    }));
  }
}

/** Kafka Streams' `SessionWindowedKStream`: aggregations per key and session. */
export class SessionWindowedKStream {
  constructor(
    private readonly grouped: KGroupedStream,
    private readonly windows: SessionWindows,
  ) {}

  /** Records per key and session. */
  count(materialized?: Materialized): KTable {
    return this.aggregateWith(
      AGGREGATE,
      {
        initializer: () => 0,
        aggregator: (_k, _v, agg) => (agg as number) + 1,
        merger: (_k, a, b) => (a as number) + (b as number),
      },
      materialized,
    );
  }

  /** Combine each session's values with `reducer`; merging sessions reduces their aggregates. */
  reduce(reducer: (aggregate: Json, value: Json) => Json, materialized?: Materialized): KTable {
    const aggregator = (_k: string, value: Json, agg: Json) =>
      agg === null ? value : reducer(agg, value);
    return this.aggregateWith(
      REDUCE,
      { initializer: () => null, aggregator, merger: (k, a, b) => aggregator(k, b, a) },
      materialized,
    );
  }

  /** Fold each session's values; `merger` combines two sessions' aggregates when a record bridges them. */
  aggregate(
    initializer: () => Json,
    aggregator: (key: string, value: Json, aggregate: Json) => Json,
    merger: (key: string, aggregateOne: Json, aggregateTwo: Json) => Json,
    materialized?: Materialized,
  ): KTable {
    return this.aggregateWith(AGGREGATE, { initializer, aggregator, merger }, materialized);
  }

  private aggregateWith(
    prefix: string,
    fns: SessionAggregationFns,
    materialized?: Materialized,
  ): KTable {
    const w = this.windows;
    return this.grouped.build(prefix, materialized, (storeName) => ({
      store: {
        kind: 'session',
        name: storeName,
        logged: materialized?.logging ?? true,
        retentionMs: w.inactivityGapMs + w.graceMs,
      },
      supplier: sessionAggregateProcessor(storeName, w, fns),
      info: {
        getter: null,
        queryableStore: storeName,
        windowGraceMs: w.graceMs + w.inactivityGapMs,
      },
    }));
  }
}
