import { TopologyException } from '../errors.ts';
import { dropNullKeysProcessor } from '../processors/stateless.ts';
import type { StoreSpec } from '../stores/stores.ts';
import { Topology } from '../topology.ts';

/** A store name chosen by the user, and whether its changes go to a changelog (Kafka's `Materialized`). */
export interface Materialized {
  /** The store's name (also makes it queryable by that name); generated if absent. */
  readonly storeName?: string;
  /** Write the store's changes to its changelog topic (default true). */
  readonly logging?: boolean;
}

/**
 * What the DSL objects share: the topology being built and Kafka's name counter. Generated names
 * follow Kafka: `PREFIX-` and a 10-digit index shared by processors and stores, in the order the
 * DSL calls allocate them, so `describe()` shows the names Kafka would.
 */
export class InternalBuilder {
  readonly topology = new Topology();
  private index = 0;

  newProcessorName(prefix: string): string {
    return `${prefix}${String(this.index++).padStart(10, '0')}`;
  }

  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${String(this.index++).padStart(10, '0')}`;
  }

  /** Add a processor with its stores. */
  addProcessor(
    name: string,
    supplier: Parameters<Topology['addProcessor']>[1],
    parents: string[],
    stores: StoreSpec[] = [],
  ): void {
    for (const spec of stores) {
      const existing = this.topology.store(spec.name);
      if (existing && existing.kind !== spec.kind) {
        throw new TopologyException(
          `StateStore ${spec.name} is already added (as a ${existing.kind} store).`,
        );
      }
    }
    this.topology.addProcessor(name, supplier, ...parents);
    if (stores.length > 0) this.topology.connectStoresAtBuild(name, stores);
  }

  /** A store name given by the user must be new. */
  requireNewStore(name: string): void {
    if (this.topology.store(name))
      throw new TopologyException(`StateStore ${name} is already added.`);
  }

  /**
   * Kafka's `createRepartitionedSource`: a filter dropping null keys, a sink to the internal topic
   * `<prefix>-repartition`, and a new source reading it. Returns the new source's name and topic.
   */
  repartition(parent: string, topicPrefix: string): { source: string; topic: string } {
    const topic = topicPrefix.endsWith('-repartition') ? topicPrefix : `${topicPrefix}-repartition`;
    const sinkName = this.newProcessorName('KSTREAM-SINK-');
    const filterName = this.newProcessorName('KSTREAM-FILTER-');
    const sourceName = this.newProcessorName('KSTREAM-SOURCE-');
    this.topology.addProcessor(filterName, dropNullKeysProcessor(), parent);
    this.topology.addSink(sinkName, topic, filterName);
    this.topology.addInternalTopic(topic);
    this.topology.addSource(sourceName, topic);
    return { source: sourceName, topic };
  }

  /** A key-value store spec for a DSL operator. */
  keyValueStore(name: string, materialized?: Materialized): StoreSpec {
    return { kind: 'keyValue', name, logged: materialized?.logging ?? true };
  }
}
