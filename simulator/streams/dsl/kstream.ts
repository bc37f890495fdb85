import type { Json } from '../../core/types.ts';
import { TopologyException } from '../errors.ts';
import type { ProcessorSupplier } from '../processor-api.ts';
import {
  filterProcessor,
  flatMapProcessor,
  flatMapValuesProcessor,
  mapProcessor,
  mapValuesProcessor,
  passThroughProcessor,
  peekProcessor,
  selectKeyProcessor,
  type KeyValuePair,
} from '../processors/stateless.ts';
import {
  streamStreamJoinProcessor,
  joinWindowProcessor,
} from '../processors/stream-stream-join.ts';
import { streamTableJoinProcessor } from '../processors/stream-table-join.ts';
import type { ValueJoiner } from '../processors/table-table-join.ts';
import { tableSourceProcessor } from '../processors/table-source.ts';
import { storeValueGetter } from '../processors/value-getter.ts';
import type { StoreSpec } from '../stores/stores.ts';
import { JoinWindows } from '../windows.ts';
import type { InternalBuilder, Materialized } from './internal-builder.ts';
import { KGroupedStream } from './kgrouped-stream.ts';
import { KTable } from './ktable.ts';

/**
 * Kafka Streams' `KStream`: a record stream. Key-changing operations (`map`, `flatMap`,
 * `selectKey`, `process`) mark it for repartitioning: the next key-based operation (grouping,
 * join, `toTable`) first writes it through an internal topic `<application.id>-<name>-repartition`
 * so that records with one key meet in one task.
 */
export class KStream {
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** The node that produces this stream. */
    readonly name: string,
    /** The topics that feed it (for co-partitioning checks). */
    readonly sourceTopics: readonly string[],
    /** Whether its keys may no longer match the partitioning of its topics. */
    readonly repartitionRequired: boolean,
  ) {}

  /** Keep the records `predicate` accepts. */
  filter(predicate: (key: string | null, value: Json) => boolean): KStream {
    return this.stateless('KSTREAM-FILTER-', filterProcessor(predicate, false), false);
  }

  /** Drop the records `predicate` accepts. */
  filterNot(predicate: (key: string | null, value: Json) => boolean): KStream {
    return this.stateless('KSTREAM-FILTER-', filterProcessor(predicate, true), false);
  }

  /** Replace key and value (marks the stream for repartitioning). */
  map(mapper: (key: string | null, value: Json) => KeyValuePair): KStream {
    return this.stateless('KSTREAM-MAP-', mapProcessor(mapper), true);
  }

  /** Replace the value; the key stays. */
  mapValues(mapper: (value: Json, key: string | null) => Json): KStream {
    return this.stateless('KSTREAM-MAPVALUES-', mapValuesProcessor(mapper), false);
  }

  /** Replace each record by zero or more records (marks the stream for repartitioning). */
  flatMap(mapper: (key: string | null, value: Json) => readonly KeyValuePair[]): KStream {
    return this.stateless('KSTREAM-FLATMAP-', flatMapProcessor(mapper), true);
  }

  /** Replace each value by zero or more values with the same key. */
  flatMapValues(mapper: (value: Json, key: string | null) => readonly Json[]): KStream {
    return this.stateless('KSTREAM-FLATMAPVALUES-', flatMapValuesProcessor(mapper), false);
  }

  /** Choose a new key (marks the stream for repartitioning). */
  selectKey(mapper: (key: string | null, value: Json) => string | null): KStream {
    return this.stateless('KSTREAM-KEY-SELECT-', selectKeyProcessor(mapper), true);
  }

  /** Look at each record and pass it on. */
  peek(action: (key: string | null, value: Json) => void): KStream {
    return this.stateless('KSTREAM-PEEK-', peekProcessor(action, true), false);
  }

  /** Look at each record; a terminal operation. */
  foreach(action: (key: string | null, value: Json) => void): void {
    this.stateless('KSTREAM-FOREACH-', peekProcessor(action, false), false);
  }

  /** Both streams' records, interleaved as they arrive. */
  merge(other: KStream): KStream {
    const name = this.builder.newProcessorName('KSTREAM-MERGE-');
    this.builder.addProcessor(name, passThroughProcessor(), [this.name, other.name]);
    const topics = [...new Set([...this.sourceTopics, ...other.sourceTopics])];
    return new KStream(
      this.builder,
      name,
      topics,
      this.repartitionRequired || other.repartitionRequired,
    );
  }

  /** Write the stream to `topic`. */
  to(topic: string): void {
    const name = this.builder.newProcessorName('KSTREAM-SINK-');
    this.builder.topology.addSink(name, topic, this.name);
  }

  /** Run a Processor API processor, connected to stores added with `builder.addStateStore` (marks for repartitioning). */
  process(supplier: ProcessorSupplier, ...storeNames: string[]): KStream {
    const name = this.builder.newProcessorName('KSTREAM-PROCESSOR-');
    this.builder.topology.addProcessor(name, supplier, this.name);
    if (storeNames.length > 0)
      this.builder.topology.connectProcessorAndStateStores(name, ...storeNames);
    return new KStream(this.builder, name, this.sourceTopics, true);
  }

  /** Group by the current key (repartitions first if the key changed). */
  groupByKey(): KGroupedStream {
    return new KGroupedStream(this, this.repartitionRequired);
  }

  /** Group by a new key (always repartitions). */
  groupBy(selector: (key: string | null, value: Json) => string | null): KGroupedStream {
    const rekeyed = this.stateless('KSTREAM-KEY-SELECT-', selectKeyProcessor(selector), true);
    return new KGroupedStream(rekeyed, true);
  }

  /** Turn the stream into a table: each record upserts its key (null deletes). */
  toTable(materialized?: Materialized): KTable {
    const name = this.builder.newProcessorName('KSTREAM-TOTABLE-');
    const storeName = this.storeNameOr(materialized, 'KSTREAM-TOTABLE-');
    const input = this.repartitionRequired ? this.repartitioned(name) : this;
    const store = this.builder.keyValueStore(storeName, materialized);
    this.builder.addProcessor(name, tableSourceProcessor(storeName), [input.name], [store]);
    return new KTable(this.builder, name, input.sourceTopics, {
      getter: storeValueGetter(storeName),
      queryableStore: storeName,
    });
  }

  /** Inner join with a stream (within `windows`) or with a table (a lookup per stream record). */
  join(other: KStream | KTable, joiner: ValueJoiner, windows?: JoinWindows): KStream {
    return other instanceof KTable
      ? this.streamTableJoin(other, joiner, false)
      : this.streamStreamJoin(other, joiner, requireWindows(windows, 'join'), false, false);
  }

  /** Left join with a stream (within `windows`) or with a table. */
  leftJoin(other: KStream | KTable, joiner: ValueJoiner, windows?: JoinWindows): KStream {
    return other instanceof KTable
      ? this.streamTableJoin(other, joiner, true)
      : this.streamStreamJoin(other, joiner, requireWindows(windows, 'leftJoin'), true, false);
  }

  /** Outer join with a stream within `windows`. */
  outerJoin(other: KStream, joiner: ValueJoiner, windows: JoinWindows): KStream {
    if (other instanceof KTable)
      throw new TopologyException('A KStream can outer-join only a KStream, not a KTable');
    return this.streamStreamJoin(other, joiner, requireWindows(windows, 'outerJoin'), true, true);
  }

  /** @internal A repartitioned copy of this stream, read from `<prefix>-repartition`. */
  repartitioned(topicPrefix: string): KStream {
    const { source, topic } = this.builder.repartition(this.name, topicPrefix);
    return new KStream(this.builder, source, [topic], false);
  }

  private stateless(
    prefix: string,
    supplier: ReturnType<typeof filterProcessor>,
    rekeys: boolean,
  ): KStream {
    const name = this.builder.newProcessorName(prefix);
    this.builder.addProcessor(name, supplier, [this.name]);
    return new KStream(this.builder, name, this.sourceTopics, this.repartitionRequired || rekeys);
  }

  private storeNameOr(materialized: Materialized | undefined, prefix: string): string {
    if (materialized?.storeName) {
      this.builder.requireNewStore(materialized.storeName);
      return materialized.storeName;
    }
    return this.builder.newStoreName(prefix);
  }

  private streamTableJoin(table: KTable, joiner: ValueJoiner, leftJoin: boolean): KStream {
    const getter = table.requireJoinable();
    const input = this.repartitionRequired ? this.repartitioned(this.name) : this;
    const name = this.builder.newProcessorName(leftJoin ? 'KSTREAM-LEFTJOIN-' : 'KSTREAM-JOIN-');
    this.builder.addProcessor(name, streamTableJoinProcessor(getter, joiner, leftJoin), [
      input.name,
    ]);
    this.builder.topology.connectProcessorAndStateStores(name, ...getter.storeNames);
    this.builder.topology.addCopartitionGroup([...input.sourceTopics, ...table.sourceTopics]);
    return new KStream(this.builder, name, input.sourceTopics, false);
  }

  private streamStreamJoin(
    other: KStream,
    joiner: ValueJoiner,
    windows: JoinWindows,
    leftOuter: boolean,
    rightOuter: boolean,
  ): KStream {
    const b = this.builder;
    const left = this.repartitionRequired ? this.repartitioned(this.name) : this;
    const right = other.repartitionRequired ? other.repartitioned(other.name) : other;
    b.topology.addCopartitionGroup([...left.sourceTopics, ...right.sourceTopics]);
    const thisWindowName = b.newProcessorName('KSTREAM-WINDOWED-');
    const otherWindowName = b.newProcessorName('KSTREAM-WINDOWED-');
    const thisPrefix = rightOuter ? 'KSTREAM-OUTERTHIS-' : 'KSTREAM-JOINTHIS-';
    const joinThisName = b.newProcessorName(thisPrefix);
    const joinOtherName = b.newProcessorName(
      leftOuter ? 'KSTREAM-OUTEROTHER-' : 'KSTREAM-JOINOTHER-',
    );
    const mergeName = b.newProcessorName('KSTREAM-MERGE-');
    const windowStore = (name: string): StoreSpec => ({
      kind: 'window',
      name,
      logged: true,
      retentionMs: windows.sizeMs + windows.graceMs,
      windowSizeMs: windows.sizeMs,
      retainDuplicates: true,
    });
    const thisStore = windowStore(`${joinThisName}-store`);
    const otherStore = windowStore(`${joinOtherName}-store`);
    const outerStore: StoreSpec | null = leftOuter
      ? {
          kind: 'outerJoin',
          name: `KSTREAM-OUTERSHARED-${joinThisName.slice(thisPrefix.length)}-store`,
          logged: true,
        }
      : null;
    const shared = {
      windows,
      joiner,
      trackerKey: `join:${joinThisName}`,
      outerStore: outerStore?.name ?? null,
    };
    b.addProcessor(
      thisWindowName,
      joinWindowProcessor(thisStore.name, 'left'),
      [left.name],
      [thisStore],
    );
    b.addProcessor(
      otherWindowName,
      joinWindowProcessor(otherStore.name, 'right'),
      [right.name],
      [otherStore],
    );
    const outerStores = outerStore ? [outerStore] : [];
    b.addProcessor(
      joinThisName,
      streamStreamJoinProcessor({
        ...shared,
        side: 'left',
        otherStore: otherStore.name,
        outer: leftOuter,
      }),
      [thisWindowName],
      [otherStore, ...outerStores],
    );
    b.addProcessor(
      joinOtherName,
      streamStreamJoinProcessor({
        ...shared,
        side: 'right',
        otherStore: thisStore.name,
        outer: rightOuter,
      }),
      [otherWindowName],
      [thisStore, ...outerStores],
    );
    b.addProcessor(mergeName, passThroughProcessor(), [joinThisName, joinOtherName]);
    const topics = [...new Set([...left.sourceTopics, ...right.sourceTopics])];
    return new KStream(b, mergeName, topics, false);
  }
}

function requireWindows(windows: JoinWindows | undefined, op: string): JoinWindows {
  if (!(windows instanceof JoinWindows)) {
    throw new TopologyException(
      `A stream-stream ${op} needs JoinWindows (e.g. JoinWindows.ofTimeDifferenceWithNoGrace(ms))`,
    );
  }
  return windows;
}
