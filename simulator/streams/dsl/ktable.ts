import { TopologyException } from '../errors.ts';
import { passThroughProcessor, toStreamProcessor } from '../processors/stateless.ts';
import { suppressProcessor } from '../processors/suppress.ts';
import { tableTableJoinProcessor, type ValueJoiner } from '../processors/table-table-join.ts';
import {
  joinValueGetter,
  type TableJoinKind,
  type ValueGetterSupplier,
} from '../processors/value-getter.ts';
import type { Json } from '../../core/types.ts';
import { tableRepartitionMapProcessor } from '../processors/table-group.ts';
import type { KeyValuePair } from '../processors/stateless.ts';
import type { InternalBuilder } from './internal-builder.ts';
import { KGroupedTable } from './kgrouped-table.ts';
import { KStream } from './kstream.ts';

/** Kafka's `Suppressed`: only `untilWindowCloses` with an unbounded buffer is modelled. */
export interface Suppressed {
  readonly kind: 'untilWindowCloses';
}

export const Suppressed = {
  /** Emit one final result per window, once stream time passes window end + grace. */
  untilWindowCloses(): Suppressed {
    return { kind: 'untilWindowCloses' };
  },
};

/** What a table knows about itself besides its node. */
export interface KTableInfo {
  /** How downstream processors read its rows; null if it cannot be looked up (windowed, suppressed). */
  readonly getter: ValueGetterSupplier | null;
  /** The store holding its rows, if it has one. */
  readonly queryableStore: string | null;
  /** For windowed tables: the grace that `untilWindowCloses` waits for (for sessions: grace + gap). */
  readonly windowGraceMs?: number;
}

/**
 * Kafka Streams' `KTable`: a changelog stream whose records are upserts by key. Updates flow
 * downstream as `Change`s (new and old value) and are forwarded one per input record, as with
 * record caches off.
 */
export class KTable {
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** The node that produces this table's updates. */
    readonly name: string,
    /** The topics that feed it (for co-partitioning checks). */
    readonly sourceTopics: readonly string[],
    /** @internal */ readonly info: KTableInfo,
  ) {}

  /** The name of the store holding the table, if it has one (Kafka's `queryableStoreName`). */
  get queryableStoreName(): string | null {
    return this.info.queryableStore;
  }

  /** The table's changelog as a stream: each update becomes a record of its new value (null for a deletion). */
  toStream(): KStream {
    const name = this.builder.newProcessorName('KTABLE-TOSTREAM-');
    this.builder.addProcessor(name, toStreamProcessor(), [this.name]);
    return new KStream(this.builder, name, this.sourceTopics, false);
  }

  /** Hold back a windowed table's updates and emit each window once, final, after it closes. */
  suppress(suppressed: Suppressed): KTable {
    if (suppressed?.kind !== 'untilWindowCloses')
      throw new TopologyException('Only Suppressed.untilWindowCloses() is supported');
    if (this.info.windowGraceMs === undefined) {
      throw new TopologyException(
        `suppress(untilWindowCloses) needs a windowed table (the result of a windowed aggregation); ${this.name} is not one`,
      );
    }
    const name = this.builder.newProcessorName('KTABLE-SUPPRESS-');
    const storeName = this.builder.newStoreName('KTABLE-SUPPRESS-');
    this.builder.addProcessor(
      name,
      suppressProcessor(storeName, this.info.windowGraceMs),
      [this.name],
      [{ kind: 'suppressBuffer', name: storeName, logged: true }],
    );
    return new KTable(this.builder, name, this.sourceTopics, {
      getter: null,
      queryableStore: null,
      windowGraceMs: this.info.windowGraceMs,
    });
  }

  /** Re-key the table's rows to aggregate them (always through a repartition topic). */
  groupBy(selector: (key: string, value: Json) => KeyValuePair): KGroupedTable {
    if (this.info.windowGraceMs !== undefined) {
      throw new TopologyException(
        `${this.name} is a windowed table; grouping it is not supported here`,
      );
    }
    const name = this.builder.newProcessorName('KTABLE-SELECT-');
    this.builder.addProcessor(name, tableRepartitionMapProcessor(selector), [this.name]);
    return new KGroupedTable(this.builder, name);
  }

  /** Inner join with another table: a row exists while both sides have one. */
  join(other: KTable, joiner: ValueJoiner): KTable {
    return this.tableJoin(other, joiner, 'inner');
  }

  /** Left join: a row exists while the left side has one. */
  leftJoin(other: KTable, joiner: ValueJoiner): KTable {
    return this.tableJoin(other, joiner, 'left');
  }

  /** Outer join: a row exists while either side has one. */
  outerJoin(other: KTable, joiner: ValueJoiner): KTable {
    return this.tableJoin(other, joiner, 'outer');
  }

  /** @internal The getter for lookups, or a clear error for tables that cannot be looked up. */
  requireJoinable(): ValueGetterSupplier {
    if (!this.info.getter) {
      throw new TopologyException(
        `${this.name} is a windowed or suppressed table; joining it is not supported here`,
      );
    }
    return this.info.getter;
  }

  private tableJoin(other: KTable, joiner: ValueJoiner, kind: TableJoinKind): KTable {
    if (!(other instanceof KTable))
      throw new TopologyException('A KTable can join only another KTable');
    const thisGetter = this.requireJoinable();
    const otherGetter = other.requireJoinable();
    const b = this.builder;
    const mergeName = b.newProcessorName('KTABLE-MERGE-');
    const thisName = b.newProcessorName('KTABLE-JOINTHIS-');
    const otherName = b.newProcessorName('KTABLE-JOINOTHER-');
    b.addProcessor(thisName, tableTableJoinProcessor(kind, 'left', otherGetter, joiner), [
      this.name,
    ]);
    b.topology.connectProcessorAndStateStores(thisName, ...otherGetter.storeNames);
    b.addProcessor(otherName, tableTableJoinProcessor(kind, 'right', thisGetter, joiner), [
      other.name,
    ]);
    b.topology.connectProcessorAndStateStores(otherName, ...thisGetter.storeNames);
    b.addProcessor(mergeName, passThroughProcessor(), [thisName, otherName]);
    b.topology.addCopartitionGroup([...this.sourceTopics, ...other.sourceTopics]);
    const topics = [...new Set([...this.sourceTopics, ...other.sourceTopics])];
    const getter = joinValueGetter(kind, thisGetter, otherGetter, joiner);
    return new KTable(b, mergeName, topics, { getter, queryableStore: null });
  }
}
