import type { TopicPartition } from '../core/types.ts';
import type { ActorKind, EventOf, TraceEvent, TxnState } from './events.ts';
import { positionOf, type LogEntry, type PartitionLog } from './partition-log.ts';

export {
  lastStableOffset,
  messagesInFlight,
  observeState,
  partitionDump,
  partitionEntries,
  readCommittedView,
  readUncommittedView,
} from './state-views.ts';
export type {
  EntryView,
  MarkerView,
  ObservedState,
  PartitionDump,
  PartitionRecords,
  RecordView,
} from './state-views.ts';

/**
 * The observable state of the whole world, folded from the trace alone: what a view draws at the
 * playhead, what a check inspects. `applyEvent` advances it by one event, in place.
 *
 * Cloning is cheap on purpose (O(actors + partitions + groups + offsets + messages in flight)):
 * partition records live in `PartitionLog`s shared by every state folded from the same trace. A
 * state and its clones therefore belong to that one trace: feed a clone only the events that
 * follow in the same trace (a different continuation is detected at the next append and throws).
 */
export interface WorldState {
  /** How many events are folded in: this is the state after events `[0, index)`. */
  index: number;
  /** Virtual time of the last folded event, ms (0 before any). */
  timeMs: number;
  /** Every actor that started, by id, in order of first start. */
  actors: Map<string, ActorState>;
  /** Topics by name, in order of creation. */
  topics: Map<string, TopicState>;
  /** Producer clients by actor id, from their last `producer.initialized`. */
  producers: Map<string, ProducerState>;
  /** The transaction coordinator's view of each transactional id. */
  transactions: Map<string, CoordinatorTxn>;
  /** Consumer groups by id. */
  groups: Map<string, GroupState>;
  /** Committed offsets by `committedKey(group, topic, partition)`. */
  committedOffsets: Map<string, CommittedOffset>;
  /** Consumer fetch positions by `positionKey(consumer, topic, partition)`. */
  positions: Map<string, ConsumerPosition>;
  /** Messages sent and not yet delivered (`deliverAt` > `timeMs`) nor dropped, by message id. */
  inFlight: Map<number, InFlightMessage>;
  /**
   * The same messages as a binary min-heap on (deliverAt, msgId), kept in two parallel arrays, so
   * delivered ones leave in O(log n); a dropped message stays here until its time passes.
   */
  deliveries: { at: number[]; id: number[] };
}

/** Whether an actor is running. */
export type ActorStatus = 'up' | 'crashed' | 'paused';

/** One actor as the trace shows it. */
export interface ActorState {
  /** The actor id. */
  actor: string;
  /** What the actor is. */
  kind: ActorKind;
  /** Running, crashed (memory lost), or paused (a zombie in waiting). */
  status: ActorStatus;
}

/** A topic and its partitions. */
export interface TopicState {
  /** The topic name. */
  name: string;
  /** `delete` (retention) or `compact` (keep the last value per key). */
  cleanupPolicy: 'delete' | 'compact';
  /** True for the simulator's internal topics (changelogs, offsets, transaction state). */
  internal: boolean;
  /** The partitions, indexed by partition number. */
  partitions: PartitionState[];
}

/** One partition: a window of `count` entries onto a shared log, plus its offsets. */
export interface PartitionState {
  /** The topic name. */
  topic: string;
  /** The partition number. */
  partition: number;
  /** The entries of this partition over the whole trace, shared between states. */
  log: PartitionLog;
  /** How many of `log.entries` exist in this state. */
  count: number;
  /** The first offset still in the log (retention deletes from the head). */
  logStartOffset: number;
  /** The offset the next entry will get (one past the last record or marker). */
  logEndOffset: number;
  /** Entries below this offset are replicated and readable. */
  highWatermark: number;
  /** Producer id → position of its first record whose transaction is still open. */
  openFirst: Map<number, number>;
  /** Producer id → position of its last record whose transaction is still open. */
  openLast: Map<number, number>;
}

/** A producer client, as its last `producer.initialized` left it. */
export interface ProducerState {
  /** The producer's actor id. */
  producer: string;
  /** Its producer id. */
  producerId: number;
  /** Its epoch. */
  producerEpoch: number;
  /** Its transactional id, or null for an idempotent-only producer. */
  transactionalId: string | null;
  /** True once it learned a newer instance exists (`producer.fenced`). */
  fenced: boolean;
}

/** The transaction coordinator's view of one transactional id. */
export interface CoordinatorTxn {
  /** The transactional id. */
  transactionalId: string;
  /** The coordinator state (the `to` of the last `txn.stateChanged`). */
  state: TxnState;
  /** The producer actor of the current or last transaction, if known. */
  producer: string | null;
  /** The producer id. */
  producerId: number;
  /** The producer epoch. */
  producerEpoch: number;
  /** Partitions in the current transaction; emptied when it completes, as in Kafka. */
  partitions: readonly TopicPartition[];
  /** How the last finished transaction ended, if one has. */
  lastOutcome: 'committed' | 'aborted' | null;
}

/** A consumer group. */
export interface GroupState {
  /** The group id. */
  group: string;
  /** The generation of the last completed rebalance (0 before any). */
  generation: number;
  /** `rebalancing` between `rebalance.started` and `rebalance.completed`. */
  status: 'empty' | 'rebalancing' | 'stable';
  /** Current members, in order of joining. */
  members: readonly string[];
  /** Who owns which partitions since the last completed rebalance. */
  assignment: Readonly<Record<string, readonly TopicPartition[]>>;
}

/** A group's committed offset for one partition: the next offset the group will read. */
export interface CommittedOffset {
  /** The group id. */
  group: string;
  /** The topic. */
  topic: string;
  /** The partition. */
  partition: number;
  /** The committed offset. */
  offset: number;
  /** The member that committed it. */
  member: string;
  /** The transaction it was committed in, or null. */
  transactionalId: string | null;
}

/** Where a consumer will fetch next in one partition. */
export interface ConsumerPosition {
  /** The consumer actor id. */
  consumer: string;
  /** Its group. */
  group: string;
  /** The topic. */
  topic: string;
  /** The partition. */
  partition: number;
  /** The next offset it will fetch. */
  offset: number;
}

/** A message on the wire. */
export interface InFlightMessage {
  /** The network's message id. */
  msgId: number;
  /** Sender. */
  from: string;
  /** Receiver. */
  to: string;
  /** The message kind. */
  kind: string;
  /** When it left, ms. */
  sentAt: number;
  /** When it arrives, ms. */
  deliverAt: number;
}

/** The key of `committedOffsets`. */
export function committedKey(group: string, topic: string, partition: number): string {
  return `${group}\u0000${topic}\u0000${partition}`;
}

/** The key of `positions`. */
export function positionKey(consumer: string, topic: string, partition: number): string {
  return `${consumer}\u0000${topic}\u0000${partition}`;
}

/** The state before any event. */
export function emptyState(): WorldState {
  return {
    index: 0,
    timeMs: 0,
    actors: new Map(),
    topics: new Map(),
    producers: new Map(),
    transactions: new Map(),
    groups: new Map(),
    committedOffsets: new Map(),
    positions: new Map(),
    inFlight: new Map(),
    deliveries: { at: [], id: [] },
  };
}

/** The state after the first `untilIndex` events (all of them by default). */
export function foldTrace(events: readonly TraceEvent[], untilIndex = events.length): WorldState {
  const state = emptyState();
  const end = Math.min(Math.max(0, untilIndex), events.length);
  for (let i = 0; i < end; i++) applyEvent(state, events[i]);
  return state;
}

/** The partition's state, or undefined if the trace has not mentioned it. */
export function partitionState(
  state: WorldState,
  topic: string,
  partition: number,
): PartitionState | undefined {
  return state.topics.get(topic)?.partitions[partition];
}

/**
 * Fold one event into `state`, in place. The event must be the one at trace index `state.index`.
 * Unknown event types only advance the index and the clock, so new variants never break readers.
 */
export function applyEvent(state: WorldState, event: TraceEvent): void {
  const index = state.index;
  state.timeMs = event.at;
  if (state.deliveries.at.length > 0 && state.deliveries.at[0] <= event.at) {
    dropDelivered(state, event.at);
  }
  switch (event.type) {
    case 'actor.started':
      state.actors.set(event.actor, { actor: event.actor, kind: event.kind, status: 'up' });
      break;
    case 'actor.crashed':
      setActorStatus(state, event.actor, 'crashed');
      break;
    case 'actor.paused':
      setActorStatus(state, event.actor, 'paused');
      break;
    case 'actor.restarted':
    case 'actor.resumed':
      setActorStatus(state, event.actor, 'up');
      break;
    case 'message.sent':
      addInFlight(state, event);
      break;
    case 'message.dropped':
      state.inFlight.delete(event.msgId);
      break;
    case 'topic.created':
      createTopic(state, event);
      break;
    case 'record.appended':
      appendRecord(state, event, index);
      break;
    case 'marker.written':
      writeMarker(state, event, index);
      break;
    case 'partition.highWatermark':
      partitionOf(state, event.topic, event.partition).highWatermark = event.offset;
      break;
    case 'records.deleted':
      partitionOf(state, event.topic, event.partition).logStartOffset = event.logStartOffset;
      break;
    case 'records.compacted':
      compactRecords(state, event, index);
      break;
    default:
      applyClientEvent(state, event);
  }
  state.index = index + 1;
}

/** Producers, transactions, groups, offsets and positions. */
function applyClientEvent(state: WorldState, event: TraceEvent): void {
  switch (event.type) {
    case 'producer.initialized':
      state.producers.set(event.producer, {
        producer: event.producer,
        producerId: event.producerId,
        producerEpoch: event.producerEpoch,
        transactionalId: event.transactionalId,
        fenced: false,
      });
      break;
    case 'producer.fenced':
      fenceProducer(state, event);
      break;
    case 'txn.stateChanged':
    case 'txn.begun':
    case 'txn.partitionsAdded':
    case 'txn.committed':
    case 'txn.aborted':
      applyTxnEvent(state, event);
      break;
    case 'member.joined':
    case 'member.left':
    case 'rebalance.started':
    case 'rebalance.completed':
      applyGroupEvent(state, event);
      break;
    case 'offset.committed':
      commitOffset(state, event);
      break;
    case 'consumer.positioned':
      setPosition(state, event.consumer, event.group, event.topic, event.partition, event.offset);
      break;
    case 'records.fetched':
      setPosition(
        state,
        event.consumer,
        event.group,
        event.topic,
        event.partition,
        event.nextOffset,
      );
      break;
    default:
      break;
  }
}

function setActorStatus(state: WorldState, actor: string, status: ActorStatus): void {
  const found = state.actors.get(actor);
  if (found) found.status = status;
}

/** The partition, created on first mention if the trace never announced its topic. */
function partitionOf(state: WorldState, topic: string, partition: number): PartitionState {
  let found = state.topics.get(topic);
  if (found === undefined) {
    found = { name: topic, cleanupPolicy: 'delete', internal: false, partitions: [] };
    state.topics.set(topic, found);
  }
  ensurePartitions(found, partition + 1);
  return found.partitions[partition];
}

function ensurePartitions(topic: TopicState, count: number): void {
  for (let p = topic.partitions.length; p < count; p++) {
    topic.partitions.push({
      topic: topic.name,
      partition: p,
      log: { entries: [] },
      count: 0,
      logStartOffset: 0,
      logEndOffset: 0,
      highWatermark: 0,
      openFirst: new Map(),
      openLast: new Map(),
    });
  }
}

function createTopic(state: WorldState, event: EventOf<'topic.created'>): void {
  let topic = state.topics.get(event.topic);
  if (topic === undefined) {
    topic = {
      name: event.topic,
      cleanupPolicy: event.cleanupPolicy,
      internal: event.internal,
      partitions: [],
    };
    state.topics.set(event.topic, topic);
  }
  topic.cleanupPolicy = event.cleanupPolicy;
  topic.internal = event.internal;
  ensurePartitions(topic, event.partitions);
}

/**
 * Make room for the entry written by the event at trace index `index`: reuse the shared entry if
 * this state is replaying a part of the trace that another state already folded.
 */
function claimPosition(p: PartitionState, index: number, offset: number): boolean {
  const pos = p.count;
  p.count = pos + 1;
  if (offset + 1 > p.logEndOffset) p.logEndOffset = offset + 1;
  if (pos === p.log.entries.length) return true;
  const existing = p.log.entries[pos];
  if (existing.appendedAt !== index || existing.offset !== offset) {
    throw new Error(
      `applyEvent: ${p.topic}-${p.partition} already holds offset ${existing.offset} from event ` +
        `#${existing.appendedAt}, not offset ${offset} from event #${index}: a state was fed ` +
        'events from a different trace than the one it was folded from',
    );
  }
  return false;
}

function appendRecord(state: WorldState, event: EventOf<'record.appended'>, index: number): void {
  const p = partitionOf(state, event.topic, event.partition);
  const pos = p.count;
  const pid = event.producerId;
  const prevOpen = event.transactional ? (p.openLast.get(pid) ?? -1) : -1;
  if (claimPosition(p, index, event.offset)) {
    p.log.entries.push({
      offset: event.offset,
      appendedAt: index,
      record: event.record,
      control: null,
      producer: event.producer,
      producerId: pid,
      producerEpoch: event.producerEpoch,
      sequence: event.sequence,
      transactional: event.transactional,
      resolvedAt: -1,
      resolution: 'committed',
      compactedAt: -1,
      prevOpen,
    });
  }
  if (event.transactional) {
    if (!p.openFirst.has(pid)) p.openFirst.set(pid, pos);
    p.openLast.set(pid, pos);
  }
}

/**
 * A marker ends the producer's transaction in this partition: every record of that producer id
 * still open here becomes committed or aborted, whatever its epoch (a coordinator that fences a
 * producer bumps the epoch and aborts with the new one, as Kafka does).
 */
function writeMarker(state: WorldState, event: EventOf<'marker.written'>, index: number): void {
  const p = partitionOf(state, event.topic, event.partition);
  if (claimPosition(p, index, event.offset)) {
    p.log.entries.push({
      offset: event.offset,
      appendedAt: index,
      record: null,
      control: event.marker,
      producer: '',
      producerId: event.producerId,
      producerEpoch: event.producerEpoch,
      sequence: -1,
      transactional: false,
      resolvedAt: -1,
      resolution: 'committed',
      compactedAt: -1,
      prevOpen: -1,
    });
  }
  const resolution = event.marker === 'COMMIT' ? 'committed' : 'aborted';
  let pos = p.openLast.get(event.producerId) ?? -1;
  while (pos >= 0) {
    const entry: LogEntry = p.log.entries[pos];
    // Replaying a part of the trace meets entries this very marker already resolved.
    if (entry.resolvedAt < 0 || entry.resolvedAt > index) {
      entry.resolvedAt = index;
      entry.resolution = resolution;
    }
    pos = entry.prevOpen;
  }
  p.openFirst.delete(event.producerId);
  p.openLast.delete(event.producerId);
}

function compactRecords(
  state: WorldState,
  event: EventOf<'records.compacted'>,
  index: number,
): void {
  const p = partitionOf(state, event.topic, event.partition);
  const entries = p.log.entries;
  for (const offset of event.offsets) {
    const pos = positionOf(p.log, p.count, offset);
    if (pos < 0) continue;
    const entry = entries[pos];
    // The first compaction of an offset is the one that removed it.
    if (entry.compactedAt < 0 || entry.compactedAt > index) entry.compactedAt = index;
  }
}

function fenceProducer(state: WorldState, event: EventOf<'producer.fenced'>): void {
  const found = state.producers.get(event.producer);
  if (found) {
    found.fenced = true;
    return;
  }
  state.producers.set(event.producer, {
    producer: event.producer,
    producerId: -1,
    producerEpoch: event.producerEpoch,
    transactionalId: event.transactionalId,
    fenced: true,
  });
}

function txnOf(state: WorldState, transactionalId: string): CoordinatorTxn {
  let found = state.transactions.get(transactionalId);
  if (found === undefined) {
    found = {
      transactionalId,
      state: 'Empty',
      producer: null,
      producerId: -1,
      producerEpoch: -1,
      partitions: NO_PARTITIONS,
      lastOutcome: null,
    };
    state.transactions.set(transactionalId, found);
  }
  return found;
}

type TxnEvent = EventOf<
  'txn.stateChanged' | 'txn.begun' | 'txn.partitionsAdded' | 'txn.committed' | 'txn.aborted'
>;

function applyTxnEvent(state: WorldState, event: TxnEvent): void {
  const txn = txnOf(state, event.transactionalId);
  switch (event.type) {
    case 'txn.stateChanged':
      txn.state = event.to;
      txn.producerId = event.producerId;
      txn.producerEpoch = event.producerEpoch;
      // Kafka's coordinator forgets a transaction's partitions once it completes.
      if (event.to !== 'Ongoing' && event.to !== 'PrepareCommit' && event.to !== 'PrepareAbort') {
        txn.partitions = NO_PARTITIONS;
      }
      break;
    case 'txn.begun':
      txn.producer = event.producer;
      txn.producerId = event.producerId;
      txn.producerEpoch = event.producerEpoch;
      break;
    case 'txn.partitionsAdded':
      txn.partitions = withPartitions(txn.partitions, event.partitions);
      break;
    case 'txn.committed':
      txn.lastOutcome = 'committed';
      break;
    case 'txn.aborted':
      txn.lastOutcome = 'aborted';
      break;
  }
}

/** A new array (states share the old one) with the partitions not already present. */
function withPartitions(
  current: readonly TopicPartition[],
  added: readonly TopicPartition[],
): readonly TopicPartition[] {
  const next = [...current];
  for (const tp of added) {
    if (!next.some((have) => have.topic === tp.topic && have.partition === tp.partition)) {
      next.push({ topic: tp.topic, partition: tp.partition });
    }
  }
  return next;
}

type GroupEvent = EventOf<
  'member.joined' | 'member.left' | 'rebalance.started' | 'rebalance.completed'
>;

function applyGroupEvent(state: WorldState, event: GroupEvent): void {
  let group = state.groups.get(event.group);
  if (group === undefined) {
    group = { group: event.group, generation: 0, status: 'empty', members: [], assignment: {} };
    state.groups.set(event.group, group);
  }
  switch (event.type) {
    case 'member.joined':
      if (!group.members.includes(event.member)) group.members = [...group.members, event.member];
      break;
    case 'member.left':
      group.members = group.members.filter((member) => member !== event.member);
      if (group.members.length === 0 && group.status !== 'rebalancing') group.status = 'empty';
      break;
    case 'rebalance.started':
      group.status = 'rebalancing';
      break;
    case 'rebalance.completed':
      group.generation = event.generation;
      group.assignment = event.assignment;
      group.status = group.members.length === 0 ? 'empty' : 'stable';
      break;
  }
}

function commitOffset(state: WorldState, event: EventOf<'offset.committed'>): void {
  const key = committedKey(event.group, event.topic, event.partition);
  const found = state.committedOffsets.get(key);
  if (found) {
    found.offset = event.offset;
    found.member = event.member;
    found.transactionalId = event.transactionalId;
    return;
  }
  state.committedOffsets.set(key, {
    group: event.group,
    topic: event.topic,
    partition: event.partition,
    offset: event.offset,
    member: event.member,
    transactionalId: event.transactionalId,
  });
}

function setPosition(
  state: WorldState,
  consumer: string,
  group: string,
  topic: string,
  partition: number,
  offset: number,
): void {
  const key = positionKey(consumer, topic, partition);
  const found = state.positions.get(key);
  if (found) {
    found.offset = offset;
    found.group = group;
    return;
  }
  state.positions.set(key, { consumer, group, topic, partition, offset });
}

function addInFlight(state: WorldState, event: EventOf<'message.sent'>): void {
  // A message that arrives in the same millisecond it left is never seen on the wire.
  if (event.deliverAt <= event.at) return;
  state.inFlight.set(event.msgId, {
    msgId: event.msgId,
    from: event.from,
    to: event.to,
    kind: event.kind,
    sentAt: event.at,
    deliverAt: event.deliverAt,
  });
  heapPush(state.deliveries, event.deliverAt, event.msgId);
}

/** Forget messages whose delivery time has come (`deliverAt` <= `nowMs`). */
function dropDelivered(state: WorldState, nowMs: number): void {
  const heap = state.deliveries;
  while (heap.at.length > 0 && heap.at[0] <= nowMs) {
    state.inFlight.delete(heap.id[0]);
    heapPop(heap);
  }
}

function heapLess(heap: WorldState['deliveries'], i: number, j: number): boolean {
  return heap.at[i] < heap.at[j] || (heap.at[i] === heap.at[j] && heap.id[i] < heap.id[j]);
}

function heapSwap(heap: WorldState['deliveries'], i: number, j: number): void {
  const at = heap.at[i];
  const id = heap.id[i];
  heap.at[i] = heap.at[j];
  heap.id[i] = heap.id[j];
  heap.at[j] = at;
  heap.id[j] = id;
}

function heapPush(heap: WorldState['deliveries'], at: number, id: number): void {
  heap.at.push(at);
  heap.id.push(id);
  let i = heap.at.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!heapLess(heap, i, parent)) break;
    heapSwap(heap, i, parent);
    i = parent;
  }
}

function heapPop(heap: WorldState['deliveries']): void {
  const last = heap.at.length - 1;
  heapSwap(heap, 0, last);
  heap.at.pop();
  heap.id.pop();
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < last && heapLess(heap, left, smallest)) smallest = left;
    if (right < last && heapLess(heap, right, smallest)) smallest = right;
    if (smallest === i) return;
    heapSwap(heap, i, smallest);
    i = smallest;
  }
}

/**
 * A copy that can be advanced independently of `state`: everything is copied except partition
 * logs (shared, append-only) and arrays that are replaced rather than changed (group members,
 * assignments, transaction partitions).
 */
export function cloneState(state: WorldState): WorldState {
  const topics = new Map<string, TopicState>();
  for (const [name, topic] of state.topics) {
    topics.set(name, { ...topic, partitions: topic.partitions.map(clonePartition) });
  }
  return {
    index: state.index,
    timeMs: state.timeMs,
    actors: copyValues(state.actors),
    topics,
    producers: copyValues(state.producers),
    transactions: copyValues(state.transactions),
    groups: copyValues(state.groups),
    committedOffsets: copyValues(state.committedOffsets),
    positions: copyValues(state.positions),
    // In-flight messages are never changed, only added and removed.
    inFlight: new Map(state.inFlight),
    deliveries: { at: state.deliveries.at.slice(), id: state.deliveries.id.slice() },
  };
}

function clonePartition(p: PartitionState): PartitionState {
  return { ...p, openFirst: new Map(p.openFirst), openLast: new Map(p.openLast) };
}

function copyValues<K, V extends object>(map: Map<K, V>): Map<K, V> {
  const copy = new Map<K, V>();
  for (const [key, value] of map) copy.set(key, { ...value });
  return copy;
}

const NO_PARTITIONS: readonly TopicPartition[] = [];
