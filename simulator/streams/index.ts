/**
 * The Kafka Streams layer: a DSL and a Processor API that build a `Topology`, a hostable
 * `StreamTask` that runs one partition group of it, a `TopologyTestDriver` host, and the topology
 * as JSON data (`buildTopologyFromSpec`, `driveSpec`).
 */
export { StreamsBuilder, type BuildOptions } from './dsl/streams-builder.ts';
export { KStream } from './dsl/kstream.ts';
export { KTable, Suppressed } from './dsl/ktable.ts';
export {
  KGroupedStream,
  TimeWindowedKStream,
  SessionWindowedKStream,
} from './dsl/kgrouped-stream.ts';
export type { Materialized } from './dsl/internal-builder.ts';
export { TimeWindows, SessionWindows, JoinWindows } from './windows.ts';
export { Topology, type TopologyNode, type Subtopology } from './topology.ts';
export type { TopologyDescription, SubtopologyDescription, NodeDescription } from './describe.ts';
export { topicPartitionCounts, validateCopartitioning } from './copartition.ts';
export type {
  Processor,
  ProcessorContext,
  ProcessorSupplier,
  Punctuator,
} from './processor-api.ts';
export { Stores, StoreBuilder, type StoreSpec } from './stores/stores.ts';
export type { KeyValueStore, KeyValue, ValueAndTimestamp } from './stores/key-value-store.ts';
export type { WindowStore, WindowStoreEntry, WindowedEntry } from './stores/window-store.ts';
export type { SessionStore, SessionEntry } from './stores/session-store.ts';
export type { StateStore, StoreKind } from './stores/state-store.ts';
export { StreamTask, type StreamTaskHost, type StreamTaskOptions } from './task/stream-task.ts';
export { PartitionGroup, chooseNextPartition } from './task/partition-group.ts';
export {
  TopologyTestDriver,
  TestInputTopic,
  TestOutputTopic,
  type TestDriverConfig,
  type TestRecord,
} from './driver/topology-test-driver.ts';
export { resolveConfig, defaultStreamsConfig, type StreamsConfig } from './config.ts';
export { TopologyException, StreamsException } from './errors.ts';
export type {
  StreamsTraceEvent,
  StreamsTraceEventType,
  JoinSide,
  PunctuationType,
} from './events.ts';
export {
  NO_TIMESTAMP,
  windowedKeyString,
  type StreamRecord,
  type Change,
  type InputRecord,
  type OutputRecord,
  type ChangelogRecord,
  type RecordMetadata,
  type WindowInfo,
  type WindowedKey,
  type Cancellable,
} from './types.ts';
export type { KeyValuePair } from './processors/stateless.ts';
export type { ValueJoiner } from './processors/table-table-join.ts';
export {
  topologySpecSchema,
  operatorSchema,
  type TopologySpec,
  type TopologySpecInput,
  type OperatorSpec,
} from './topology-schema.ts';
export { buildTopologyFromSpec, parseTopologySpec, SpecError } from './spec/build-from-spec.ts';
export {
  driveSpec,
  driveSpecSchema,
  type DriveSpec,
  type DriveSpecInput,
  type DriveResult,
  type DriveOutputRecord,
} from './spec/drive-spec.ts';
export { tasksFor, internalTopicsFor, type TaskSpec, type InternalTopic } from './tasks.ts';
export { benchDriverJoin, type JoinBenchResult } from './bench.ts';
export { KGroupedTable } from './dsl/kgrouped-table.ts';
