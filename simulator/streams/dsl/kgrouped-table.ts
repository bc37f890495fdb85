import type { Json } from '../../core/types.ts';
import { tableAggregateProcessor, type TableAggregationFns } from '../processors/table-group.ts';
import { storeValueGetter } from '../processors/value-getter.ts';
import type { InternalBuilder, Materialized } from './internal-builder.ts';
import { KTable } from './ktable.ts';

/**
 * Kafka Streams' `KGroupedTable`: a table re-keyed by `KTable#groupBy`, ready to aggregate. Every
 * update of the source table arrives (through `<store name>-repartition`) as a subtraction of
 * the old value and an addition of the new one, so the aggregate follows updates and deletions.
 */
export class KGroupedTable {
  constructor(
    private readonly builder: InternalBuilder,
    /** The re-keying node. */
    private readonly selectName: string,
  ) {}

  /** The number of rows per new key. */
  count(materialized?: Materialized): KTable {
    return this.aggregateWith(
      'KTABLE-AGGREGATE-',
      {
        initializer: () => 0,
        adder: (_k, _v, agg) => (agg as number) + 1,
        subtractor: (_k, _v, agg) => (agg as number) - 1,
      },
      materialized,
    );
  }

  /** Combine values with `adder(aggregate, value)` and take them out with `subtractor(aggregate, value)`. */
  reduce(
    adder: (aggregate: Json, value: Json) => Json,
    subtractor: (aggregate: Json, value: Json) => Json,
    materialized?: Materialized,
  ): KTable {
    return this.aggregateWith(
      'KTABLE-REDUCE-',
      {
        initializer: () => null,
        adder: (_k, v, agg) => (agg === null ? v : adder(agg, v)),
        subtractor: (_k, v, agg) => subtractor(agg, v),
      },
      materialized,
    );
  }

  /** Fold values into `initializer()` with `adder`, taking old values out with `subtractor`. */
  aggregate(
    initializer: () => Json,
    adder: (key: string, value: Json, aggregate: Json) => Json,
    subtractor: (key: string, value: Json, aggregate: Json) => Json,
    materialized?: Materialized,
  ): KTable {
    return this.aggregateWith(
      'KTABLE-AGGREGATE-',
      { initializer, adder, subtractor },
      materialized,
    );
  }

  /** Kafka's order: store name, then sink, source and aggregate processor names. */
  private aggregateWith(
    prefix: string,
    fns: TableAggregationFns,
    materialized?: Materialized,
  ): KTable {
    const b = this.builder;
    let storeName: string;
    if (materialized?.storeName) {
      b.requireNewStore(materialized.storeName);
      storeName = materialized.storeName;
    } else storeName = b.newStoreName(prefix);
    const sinkName = b.newProcessorName('KSTREAM-SINK-');
    const sourceName = b.newProcessorName('KSTREAM-SOURCE-');
    const name = b.newProcessorName(prefix);
    const topic = `${storeName}-repartition`;
    b.topology.addSink(sinkName, topic, this.selectName);
    b.topology.addInternalTopic(topic);
    b.topology.addSource(sourceName, topic);
    b.addProcessor(
      name,
      tableAggregateProcessor(storeName, fns),
      [sourceName],
      [b.keyValueStore(storeName, materialized)],
    );
    return new KTable(b, name, [topic], {
      getter: storeValueGetter(storeName),
      queryableStore: storeName,
    });
  }
}
