import { tableSourceProcessor } from '../processors/table-source.ts';
import { storeValueGetter } from '../processors/value-getter.ts';
import type { StoreBuilder } from '../stores/stores.ts';
import type { Topology } from '../topology.ts';
import { validateCopartitioning } from '../copartition.ts';
import { InternalBuilder, type Materialized } from './internal-builder.ts';
import { KStream } from './kstream.ts';
import { KTable } from './ktable.ts';

/** Options checked when the topology is built. */
export interface BuildOptions {
  /** Partition counts of the source topics: joins need equal counts on both sides (co-partitioning). */
  readonly partitions?: Readonly<Record<string, number>>;
}

/**
 * Kafka Streams' `StreamsBuilder`: the DSL's entry point. Each call adds nodes to one topology,
 * with Kafka's generated names; `build()` returns it.
 */
export class StreamsBuilder {
  private readonly internal = new InternalBuilder();

  /** A stream of the records of `topics`. */
  stream(...topics: string[]): KStream {
    const name = this.internal.newProcessorName('KSTREAM-SOURCE-');
    this.internal.topology.addSource(name, ...topics);
    return new KStream(this.internal, name, topics, false);
  }

  /** A table of the latest value per key of `topic` (null values delete), materialized in a store. */
  table(topic: string, materialized?: Materialized): KTable {
    const b = this.internal;
    let storeName: string;
    if (materialized?.storeName) {
      b.requireNewStore(materialized.storeName);
      storeName = materialized.storeName;
    } else storeName = b.newStoreName(`${topic}-`);
    const sourceName = b.newProcessorName('KSTREAM-SOURCE-');
    const tableSourceName = b.newProcessorName('KTABLE-SOURCE-');
    b.topology.addSource(sourceName, topic);
    b.addProcessor(
      tableSourceName,
      tableSourceProcessor(storeName),
      [sourceName],
      [b.keyValueStore(storeName, materialized)],
    );
    return new KTable(b, tableSourceName, [topic], {
      getter: storeValueGetter(storeName),
      queryableStore: storeName,
    });
  }

  /** Add a store for Processor API processors used in the DSL (`stream.process(supplier, name)`). */
  addStateStore(builder: StoreBuilder): this {
    this.internal.topology.addStateStore(builder);
    return this;
  }

  /** The topology; with `partitions`, also checks that joined topics are co-partitioned. */
  build(options: BuildOptions = {}): Topology {
    const topology = this.internal.topology;
    if (options.partitions) validateCopartitioning(topology, options.partitions);
    return topology;
  }
}
