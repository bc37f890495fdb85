import { tpKey, type Json } from '../core/types.ts';
import type { Message } from '../core/world.ts';
import { partitionForKey } from '../log/partitioner.ts';
import type { InstanceExtensions, InstanceQueryView } from '../runtime/instance-extensions.ts';
import type { NodeProcessor } from '../streams/processor-api.ts';
import type { KeyValueStore } from '../streams/stores/key-value-store.ts';
import { Stores } from '../streams/stores/stores.ts';
import { Topology } from '../streams/topology.ts';
import type { StreamRecord } from '../streams/types.ts';
import { isAccountEvent } from './domain.ts';
import { applyFold, rowKeyOf } from './folds.ts';
import type { ReadModelAnswer, ReadModelQuery } from './protocol.ts';
import type { ReadModelSpec } from './schema.ts';

/**
 * A read model kept in a Kafka Streams table: an application of its own (one instance, `host`)
 * whose task per partition of the events topic folds each event into a key-value store named
 * after the read model, logged to its changelog, under exactly_once_v2. Queries are interactive
 * queries, answered from the local store of the instance that runs the key's partition, as
 * `KafkaStreams#store(StoreQueryParameters.fromNameAndType(name, keyValueStore()).withPartition(p))`
 * answers them (StreamThreadStateStoreProvider and WrappingStoreProvider at 3.8.0):
 * - the thread not RUNNING (restoring after a crash or a move, or just started):
 *   `InvalidStateStoreException`, "Cannot get state store … because the stream thread is …, not
 *   RUNNING";
 * - the partition not on this instance: `InvalidStateStorePartitionException`;
 * - otherwise the store's value, including writes of the transaction still open: a store under
 *   exactly_once_v2 is written at once and committed later (Kafka 3.8 has no isolation for
 *   interactive queries), so a query can read a row a crash will take back.
 * A query with a consistency token is refused as not yet when the task's position has not reached
 * it (as an IQv2 query with a PositionBound fails NOT_UP_TO_BOUND), without waiting.
 */

/** The application.id of the Kafka Streams application keeping a read model. */
export const tableApplicationId = (readModel: string): string => `${readModel}-table`;

/** The topology: events in, each folded into the read model's logged store. */
export function readModelTopology(spec: ReadModelSpec, eventsTopic: string): Topology {
  const topology = new Topology();
  topology.addSource('events', eventsTopic);
  topology.addProcessor('fold', () => foldProcessor(spec), 'events');
  topology.addStateStore(Stores.keyValueStoreBuilder(spec.name), 'fold');
  return topology;
}

function foldProcessor(spec: ReadModelSpec): NodeProcessor {
  let store: KeyValueStore;
  const rows = { get: (key: string) => store.get(key) ?? undefined } as ReadonlyMap<string, Json>;
  return {
    init(c) {
      store = c.getStateStore<KeyValueStore>(spec.name);
    },
    process(record: StreamRecord<unknown>) {
      if (!isAccountEvent(record.value)) return;
      const change = applyFold(spec.fold, rows, record.value);
      if (change) store.put(change.rowKey, change.row);
    },
  };
}

/** Interactive queries of the read model, and a `projection.restored` when a task comes up. */
export function tableExtensions(spec: ReadModelSpec, eventPartitions: number): InstanceExtensions {
  /** Partition → where its task started processing (the committed offset), until it processes. */
  const startedAt = new Map<number, number>();
  return {
    onProcessed(task, input, ctx) {
      if (!isAccountEvent(input.value)) return;
      const rowKey = rowKeyOf(spec.fold, input.value);
      ctx.emit({
        type: 'projection.applied',
        host: spec.host,
        readModel: spec.name,
        topic: input.topic,
        partition: input.partition,
        offset: input.offset,
        rowKey,
        row: task.task.store<KeyValueStore>(spec.name)?.get(rowKey) ?? null,
      });
    },
    onQuery(from, message, view, ctx) {
      if (message.kind !== 'ReadModelQuery') return;
      const query = message as ReadModelQuery & Message;
      ctx.send(from, answerQuery(spec, query, view, eventPartitions, startedAt));
    },
    onTaskRestored(task, positions, ctx) {
      const store = task.task.store<KeyValueStore>(spec.name);
      const [{ tp, offset }] = positions;
      startedAt.set(tp.partition, offset);
      ctx.emit({
        type: 'projection.restored',
        host: spec.host,
        readModel: spec.name,
        fold: spec.fold,
        home: 'streamsTable',
        partition: tp.partition,
        position: offset,
        rows: (store?.all() ?? []).map((kv) => ({ key: kv.key, row: kv.value })),
      });
    },
  };
}

function answerQuery(
  spec: ReadModelSpec,
  query: ReadModelQuery,
  view: InstanceQueryView,
  eventPartitions: number,
  startedAt: ReadonlyMap<number, number>,
): ReadModelAnswer {
  const partition = query.token?.partition ?? partitionForKey(query.key, eventPartitions);
  const refused = (error: string): ReadModelAnswer => ({
    kind: 'ReadModelAnswer',
    queryId: query.queryId,
    outcome: 'unavailable',
    row: null,
    partition,
    position: -1,
    error,
  });
  if (view.threadState !== 'RUNNING')
    return refused(
      `InvalidStateStoreException: Cannot get state store ${spec.name} because the stream thread is ${view.threadState}, not RUNNING`,
    );
  const task = view.activeTask(partition);
  const store = task?.task.store<KeyValueStore>(spec.name);
  if (!task || !store)
    return refused(
      `InvalidStateStorePartitionException: The specified partition ${partition} for store ${spec.name} does not exist.`,
    );
  // The store's position: after the last event its task applied, committed or not.
  const source = task.sources[0];
  const consumed = task.consumed.get(tpKey(source.topic, source.partition))?.offset;
  const position = consumed ?? startedAt.get(partition) ?? 0;
  const reached = query.token === null || position > query.token.offset;
  return {
    kind: 'ReadModelAnswer',
    queryId: query.queryId,
    outcome: reached ? 'answered' : 'notYet',
    row: store.get(query.key) ?? null,
    partition,
    position,
  };
}
