import { describe, expect, it } from 'vitest';
import type { SimRecord } from '../core/types.ts';
import type { EventOf, TraceEvent, TraceEventType } from './events.ts';
import { formatEventLine, formatLog, renderInts, renderValue } from './format.ts';

const record: SimRecord = { id: 7, key: 'k1', value: 42, timestampMs: 100 };

/** One event of every type: the mapped type makes this fail to compile when a type is added. */
const samples: { [T in TraceEventType]: EventOf<T> } = {
  'statefun.invoked': {
    type: 'statefun.invoked',
    at: 40,
    task: '1_0',
    instance: 'fn-1',
    address: 'counter/ada',
    from: 'ingress:page-views',
    message: { topic: 'page-views', value: { page: '/a' } },
  },
  'statefun.stateWritten': {
    type: 'statefun.stateWritten',
    at: 40,
    task: '1_0',
    instance: 'fn-1',
    address: 'counter/ada',
    value: 3,
  },
  'statefun.messageSent': {
    type: 'statefun.messageSent',
    at: 40,
    task: '1_0',
    instance: 'fn-1',
    from: 'order/o1',
    to: 'ledger/o1',
    message: { paid: 30 },
  },
  'sim.started': { type: 'sim.started', at: 0, seed: 3, scenario: 'demo' },
  'sim.ended': { type: 'sim.ended', at: 900, reason: 'duration' },
  'actor.started': { type: 'actor.started', at: 0, actor: 'p1', kind: 'producer' },
  'actor.crashed': { type: 'actor.crashed', at: 5, actor: 'p1' },
  'command.ignored': { type: 'command.ignored', at: 5, actor: 'p1', command: 'abortTransaction' },
  'consumer.closed': { type: 'consumer.closed', at: 5, consumer: 'c1', group: 'g' },
  'actor.restarted': { type: 'actor.restarted', at: 6, actor: 'p1' },
  'actor.paused': { type: 'actor.paused', at: 7, actor: 'p1' },
  'actor.resumed': { type: 'actor.resumed', at: 8, actor: 'p1' },
  'fault.injected': {
    type: 'fault.injected',
    at: 9,
    fault: { kind: 'partition', between: ['p1', 'broker'], at: 9, oneWay: false },
  },
  'fault.ended': {
    type: 'fault.ended',
    at: 10,
    fault: { kind: 'pause', target: 'c1', durationMs: 5 },
  },
  'message.sent': {
    type: 'message.sent',
    at: 1,
    from: 'p1',
    to: 'broker',
    kind: 'Produce',
    msgId: 4,
    deliverAt: 3,
  },
  'message.dropped': {
    type: 'message.dropped',
    at: 1,
    from: 'broker',
    to: 'p1',
    kind: 'ProduceResponse',
    msgId: 5,
    reason: 'lostAck',
  },
  'topic.created': {
    type: 'topic.created',
    at: 0,
    topic: 'orders',
    partitions: 2,
    cleanupPolicy: 'delete',
    internal: false,
  },
  'record.appended': {
    type: 'record.appended',
    at: 105,
    topic: 'orders',
    partition: 1,
    offset: 3,
    record,
    producer: 'p1',
    producerId: 1000,
    producerEpoch: 0,
    sequence: 3,
    transactional: false,
  },
  'partition.highWatermark': {
    type: 'partition.highWatermark',
    at: 105,
    topic: 'orders',
    partition: 1,
    offset: 4,
  },
  'records.deleted': {
    type: 'records.deleted',
    at: 200,
    topic: 'orders',
    partition: 0,
    logStartOffset: 2,
    reason: 'retention.ms',
  },
  'records.compacted': {
    type: 'records.compacted',
    at: 300,
    topic: 'c',
    partition: 0,
    offsets: [0, 1, 2, 5],
  },
  'batch.sent': {
    type: 'batch.sent',
    at: 20,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    baseSequence: 0,
    attempt: 2,
    records: [record, { ...record, id: 8 }],
  },
  'batch.acknowledged': {
    type: 'batch.acknowledged',
    at: 24,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    baseOffset: 0,
    recordIds: [7, 8],
    duplicate: true,
  },
  'batch.rejectedDuplicate': {
    type: 'batch.rejectedDuplicate',
    at: 22,
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    baseSequence: 0,
    baseOffset: 0,
  },
  'batch.rejectedOutOfOrder': {
    type: 'batch.rejectedOutOfOrder',
    at: 22,
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    baseSequence: 5,
    expectedSequence: 2,
  },
  'batch.rejectedFenced': {
    type: 'batch.rejectedFenced',
    at: 22,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    currentEpoch: 1,
  },
  'batch.expired': {
    type: 'batch.expired',
    at: 22,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    recordIds: [1],
    error: 'delivery timeout',
  },
  'producer.initialized': {
    type: 'producer.initialized',
    at: 2,
    producer: 'p1',
    transactionalId: null,
    producerId: 1000,
    producerEpoch: 0,
  },
  'producer.fenced': {
    type: 'producer.fenced',
    at: 2,
    producer: 'p1',
    transactionalId: 'tx',
    producerEpoch: 0,
  },
  'txn.stateChanged': {
    type: 'txn.stateChanged',
    at: 3,
    transactionalId: 'tx',
    from: 'Empty',
    to: 'Ongoing',
    producerId: 1000,
    producerEpoch: 0,
  },
  'txn.begun': {
    type: 'txn.begun',
    at: 3,
    transactionalId: 'tx',
    producer: 'p1',
    producerId: 1000,
    producerEpoch: 0,
  },
  'txn.partitionsAdded': {
    type: 'txn.partitionsAdded',
    at: 3,
    transactionalId: 'tx',
    partitions: [
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
    ],
  },
  'txn.offsetsAdded': {
    type: 'txn.offsetsAdded',
    at: 3,
    transactionalId: 'tx',
    group: 'g',
    offsets: [{ topic: 'orders', partition: 0, offset: 5 }],
  },
  'txn.committed': {
    type: 'txn.committed',
    at: 3,
    transactionalId: 'tx',
    producerId: 1000,
    producerEpoch: 0,
    recordIds: [1, 2, 3, 4],
  },
  'txn.aborted': {
    type: 'txn.aborted',
    at: 3,
    transactionalId: 'tx',
    producerId: 1000,
    producerEpoch: 0,
    reason: 'timeout',
  },
  'marker.written': {
    type: 'marker.written',
    at: 3,
    topic: 'orders',
    partition: 0,
    offset: 9,
    producerId: 1000,
    producerEpoch: 0,
    marker: 'COMMIT',
  },
  'member.joined': { type: 'member.joined', at: 4, group: 'g', member: 'c1' },
  'member.left': { type: 'member.left', at: 4, group: 'g', member: 'c1', reason: 'sessionTimeout' },
  'rebalance.started': {
    type: 'rebalance.started',
    at: 4,
    group: 'g',
    generation: 2,
    reason: 'c2 joined',
  },
  'rebalance.completed': {
    type: 'rebalance.completed',
    at: 4,
    group: 'g',
    generation: 2,
    assignor: 'range',
    assignment: {
      c2: [{ topic: 'orders', partition: 1 }],
      c1: [{ topic: 'orders', partition: 0 }],
    },
  },
  'consumer.positioned': {
    type: 'consumer.positioned',
    at: 5,
    consumer: 'c1',
    group: 'g',
    topic: 'orders',
    partition: 0,
    offset: 0,
    from: 'earliest',
  },
  'records.fetched': {
    type: 'records.fetched',
    at: 5,
    consumer: 'c1',
    group: 'g',
    topic: 'orders',
    partition: 0,
    fromOffset: 0,
    nextOffset: 3,
    recordIds: [1, 2, 3],
    isolation: 'read_committed',
  },
  'records.processed': {
    type: 'records.processed',
    at: 5,
    consumer: 'c1',
    group: 'g',
    topic: 'orders',
    partition: 0,
    offsets: [0, 1],
    recordIds: [1, 2],
  },
  'offset.committed': {
    type: 'offset.committed',
    at: 6,
    group: 'g',
    topic: 'orders',
    partition: 0,
    offset: 3,
    member: 'c1',
    transactionalId: null,
  },
  'topology.described': {
    type: 'topology.described',
    at: 0,
    application: 'counter',
    subtopologies: [
      {
        id: 0,
        nodes: [
          { type: 'source', name: 'src', topics: ['in'], successors: ['sink'], predecessors: [] },
          { type: 'sink', name: 'sink', topic: 'out', successors: [], predecessors: ['src'] },
        ],
      },
    ],
  },
  'task.assigned': {
    type: 'task.assigned',
    at: 40,
    instance: 'app-1',
    task: '0_1',
    partitions: [
      { topic: 'clicks', partition: 1 },
      { topic: 'views', partition: 1 },
    ],
  },
  'task.restoring': {
    type: 'task.restoring',
    at: 41,
    instance: 'app-1',
    task: '0_1',
    store: 'counts',
    topic: 'app-counts-changelog',
    partition: 1,
  },
  'task.restored': { type: 'task.restored', at: 48, instance: 'app-1', task: '0_1', records: 12 },
  'task.revoked': { type: 'task.revoked', at: 90, instance: 'app-2', task: '0_0', clean: false },
  'instance.committed': {
    type: 'instance.committed',
    at: 130,
    instance: 'app-1',
    guarantee: 'exactly_once_v2',
    offsets: [
      { topic: 'clicks', partition: 1, offset: 8 },
      { topic: 'views', partition: 1, offset: 5 },
    ],
  },
  'instance.commitFailed': {
    type: 'instance.commitFailed',
    at: 131,
    instance: 'app-2',
    guarantee: 'exactly_once_v2',
    error: 'ProducerFencedException',
  },
  'record.processed': {
    type: 'record.processed',
    at: 50,
    instance: 'app-1',
    task: '0_1',
    topic: 'clicks',
    partition: 1,
    offset: 4,
    key: 'alice',
    timestampMs: 1000,
    streamTimeMs: 1000,
  },
  'record.emitted': {
    type: 'record.emitted',
    at: 50,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-SINK-0000000009',
    topic: 'click-views',
    key: 'alice',
    value: { click: '/a', view: '/a' },
    timestampMs: 1000,
  },
  'record.skipped': {
    type: 'record.skipped',
    at: 51,
    task: '0_0',
    processor: 'KSTREAM-AGGREGATE-0000000002',
    key: null,
    timestampMs: 1200,
    reason: 'nullKey',
  },
  'record.droppedLate': {
    type: 'record.droppedLate',
    at: 52,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-AGGREGATE-0000000002',
    key: 'bob',
    timestampMs: 400,
    streamTimeMs: 2600,
    windowStartMs: 0,
    windowEndMs: 1000,
  },
  'window.updated': {
    type: 'window.updated',
    at: 53,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-AGGREGATE-0000000002',
    store: 'KSTREAM-AGGREGATE-STATE-STORE-0000000001',
    key: 'alice',
    windowStartMs: 1000,
    windowEndMs: 2000,
    value: 3,
    timestampMs: 1500,
  },
  'window.merged': {
    type: 'window.merged',
    at: 54,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-SESSION-AGGREGATE-0000000002',
    store: 'sessions',
    key: 'alice',
    merged: [
      { startMs: 1000, endMs: 1200 },
      { startMs: 1500, endMs: 1500 },
    ],
    windowStartMs: 1000,
    windowEndMs: 1500,
  },
  'window.closed': {
    type: 'window.closed',
    at: 55,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-AGGREGATE-0000000002',
    store: 'KSTREAM-AGGREGATE-STATE-STORE-0000000001',
    key: 'alice',
    windowStartMs: 1000,
    windowEndMs: 2000,
    value: 3,
    streamTimeMs: 2500,
  },
  'aggregate.updated': {
    type: 'aggregate.updated',
    at: 56,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-AGGREGATE-0000000002',
    store: 'counts',
    key: 'alice',
    oldValue: 2,
    value: 3,
    timestampMs: 1500,
  },
  'join.buffered': {
    type: 'join.buffered',
    at: 57,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-WINDOWED-0000000002',
    store: 'KSTREAM-JOINTHIS-0000000004-store',
    side: 'left',
    key: 'alice',
    value: '/a',
    timestampMs: 1000,
  },
  'join.droppedExpired': {
    type: 'join.droppedExpired',
    at: 300,
    task: '0_0',
    instance: 'app-1',
    processor: 'KSTREAM-WINDOWED-0000000002',
    store: 'KSTREAM-JOINTHIS-0000000004-store',
    side: 'left',
    key: 'o1',
    value: 12,
    timestampMs: 10,
    streamTimeMs: 300,
  },
  'join.expired': {
    type: 'join.expired',
    at: 58,
    instance: 'app-1',
    task: '0_1',
    store: 'KSTREAM-JOINOTHER-0000000005-store',
    key: 'bob',
    value: '/b',
    timestampMs: 200,
    streamTimeMs: 1300,
  },
  'join.matched': {
    type: 'join.matched',
    at: 59,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-JOINOTHER-0000000005',
    key: 'alice',
    left: '/a',
    right: '/a',
    timestampMs: 1100,
  },
  'join.nonMatchBuffered': {
    type: 'join.nonMatchBuffered',
    at: 60,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-OUTERTHIS-0000000004',
    store: 'KSTREAM-OUTERSHARED-0000000004-store',
    side: 'left',
    key: 'carol',
    value: '/c',
    timestampMs: 1200,
  },
  'join.nonMatchCancelled': {
    type: 'join.nonMatchCancelled',
    at: 61,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-OUTEROTHER-0000000005',
    store: 'KSTREAM-OUTERSHARED-0000000004-store',
    side: 'left',
    key: 'carol',
    timestampMs: 1200,
  },
  'join.nonMatchEmitted': {
    type: 'join.nonMatchEmitted',
    at: 62,
    instance: 'app-1',
    task: '0_1',
    processor: 'KSTREAM-OUTERTHIS-0000000004',
    side: 'left',
    key: 'dave',
    value: '/d',
    timestampMs: 300,
    reason: 'windowClosed',
  },
  'join.lookedUp': {
    type: 'join.lookedUp',
    at: 63,
    task: '0_0',
    processor: 'KSTREAM-JOIN-0000000004',
    store: 'users-STATE-STORE-0000000000',
    key: 'alice',
    found: true,
    timestampMs: 1000,
  },
  'suppress.buffered': {
    type: 'suppress.buffered',
    at: 64,
    instance: 'app-1',
    task: '0_1',
    processor: 'KTABLE-SUPPRESS-0000000004',
    store: 'KTABLE-SUPPRESS-STATE-STORE-0000000005',
    key: 'alice',
    windowStartMs: 1000,
    windowEndMs: 2000,
    value: 3,
    timestampMs: 1500,
    streamTimeMs: 1500,
  },
  'suppress.emitted': {
    type: 'suppress.emitted',
    at: 65,
    instance: 'app-1',
    task: '0_1',
    processor: 'KTABLE-SUPPRESS-0000000004',
    key: 'alice',
    windowStartMs: 1000,
    windowEndMs: 2000,
    value: 3,
    timestampMs: 1500,
    streamTimeMs: 2500,
  },
  'store.put': {
    type: 'store.put',
    at: 66,
    instance: 'app-1',
    task: '0_1',
    store: 'counts',
    key: 'alice',
    value: 3,
    timestampMs: 1500,
  },
  'store.restored': {
    type: 'store.restored',
    at: 44,
    instance: 'app-2',
    task: '0_1',
    store: 'counts',
    key: 'alice',
    value: 2,
  },
  'punctuation.fired': {
    type: 'punctuation.fired',
    at: 67,
    instance: 'app-1',
    task: '0_1',
    processor: 'dedupe',
    punctuationType: 'WALL_CLOCK_TIME',
    timestampMs: 67,
  },
  'trigger.batchBuilt': {
    type: 'trigger.batchBuilt',
    at: 70,
    trigger: 'esm-count-views',
    function: 'count',
    topic: 'views',
    partition: 1,
    lane: 0,
    offsets: [4, 5, 6],
    recordIds: [11, 12, 13],
  },
  'function.retried': {
    type: 'function.retried',
    at: 71,
    trigger: 'esm-count-views',
    function: 'count',
    topic: 'views',
    partition: 1,
    attempt: 2,
    reason: 'crash',
    offsets: [4, 5],
  },
  'function.batchBisected': {
    type: 'function.batchBisected',
    at: 72,
    trigger: 'esm-count-views',
    function: 'count',
    topic: 'views',
    partition: 1,
    first: [4],
    second: [5],
  },
  'function.partiallyFailed': {
    type: 'function.partiallyFailed',
    at: 73,
    trigger: 'esm-count-views',
    function: 'count',
    topic: 'views',
    partition: 1,
    succeeded: [4],
    retrying: [5],
  },
  'function.sentToDestination': {
    type: 'function.sentToDestination',
    at: 74,
    trigger: 'esm-count-views',
    function: 'count',
    topic: 'views',
    partition: 1,
    offsets: [5],
    recordIds: [12],
    destination: 'views-dlq',
    reason: 'retriesExhausted',
  },
  'function.invalidBatchResponse': {
    type: 'function.invalidBatchResponse',
    at: 74,
    trigger: 'esm-count-views',
    function: 'count',
    problem: 'batchItemFailures names "views-1-9", which is not in the batch',
  },
  'queue.messageSent': {
    type: 'queue.messageSent',
    at: 74,
    queue: 'orders',
    messageId: 'orders:0',
    recordId: 500000000,
    body: { n: 0 },
  },
  'queue.messagesReceived': {
    type: 'queue.messagesReceived',
    at: 74,
    queue: 'orders',
    receiver: 'esm-ship-orders',
    messageIds: ['orders:0'],
    recordIds: [500000000],
    receiveCounts: [1],
    visibleAgainAtMs: 1074,
  },
  'queue.messagesVisible': {
    type: 'queue.messagesVisible',
    at: 1074,
    queue: 'orders',
    messageIds: ['orders:0'],
    recordIds: [500000000],
  },
  'queue.messagesDeleted': {
    type: 'queue.messagesDeleted',
    at: 74,
    queue: 'orders',
    messageIds: ['orders:0'],
    recordIds: [500000000],
    staleMessageIds: [],
  },
  'queue.movedToDeadLetterQueue': {
    type: 'queue.movedToDeadLetterQueue',
    at: 74,
    queue: 'orders',
    deadLetterQueue: 'orders-dlq',
    messageId: 'orders:0',
    recordId: 500000000,
    receiveCount: 3,
  },
  'queueTrigger.batchSettled': {
    type: 'queueTrigger.batchSettled',
    at: 74,
    trigger: 'esm-ship-orders',
    function: 'ship',
    queue: 'orders',
    outcome: 'partialBatch',
    deleted: ['orders:1'],
    returned: ['orders:0'],
    deletedRecordIds: [500000001],
    returnedRecordIds: [500000000],
  },
  'function.invoked': {
    type: 'function.invoked',
    at: 75,
    function: 'count',
    invocationId: 'count:3',
    instance: 'count#1',
    source: 'esm-count-views',
    attempt: 1,
    topic: 'views',
    partition: 1,
    offsets: [4, 5, 6],
    recordIds: [11, 12, 13],
  },
  'function.coldStarted': {
    type: 'function.coldStarted',
    at: 76,
    function: 'count',
    instance: 'count#1',
    invocationId: 'count:3',
    initDurationMs: 200,
  },
  'function.warmStarted': {
    type: 'function.warmStarted',
    at: 77,
    function: 'count',
    instance: 'count#1',
    invocationId: 'count:4',
  },
  'function.succeeded': {
    type: 'function.succeeded',
    at: 78,
    function: 'count',
    invocationId: 'count:3',
    instance: 'count#1',
    durationMs: 12,
    batchItemFailures: [],
  },
  'function.failed': {
    type: 'function.failed',
    at: 79,
    function: 'count',
    invocationId: 'count:4',
    instance: 'count#1',
    reason: 'crash',
    error: 'crashed at afterDbWriteBeforeEmit',
    durationMs: 8,
  },
  'function.emitted': {
    type: 'function.emitted',
    at: 80,
    function: 'count',
    invocationId: 'count:3',
    topic: 'counts',
    partition: 0,
    offset: 2,
    record: { id: 11, key: 'ada', value: { user: 'ada', count: 3 }, timestampMs: 80 },
  },
  'function.logged': {
    type: 'function.logged',
    at: 81,
    function: 'count',
    invocationId: 'count:3',
    message: 'counted',
    data: { user: 'ada' },
  },
  'functionInstance.reclaimed': {
    type: 'functionInstance.reclaimed',
    at: 82,
    function: 'count',
    instance: 'count#1',
    reason: 'idle',
  },
  'functionInstance.throttled': {
    type: 'functionInstance.throttled',
    at: 83,
    function: 'count',
    invocationId: 'count:5',
    concurrency: 2,
    limit: 2,
  },
  'cost.accrued': {
    type: 'cost.accrued',
    at: 84,
    source: 'function',
    function: 'count',
    requests: 1,
    gbMs: 1.5,
    readUnits: 0,
    writeUnits: 0,
    usd: 0.0000002,
    totalUsd: 0.0000004,
  },
  'db.read': {
    type: 'db.read',
    at: 85,
    table: 'pageViewCounts',
    key: 'ada',
    op: 'get',
    found: true,
    count: 1,
    readUnits: 1,
    invocationId: 'count:3',
  },
  'db.written': {
    type: 'db.written',
    at: 86,
    table: 'pageViewCounts',
    key: 'ada',
    op: 'put',
    item: { count: 3 },
    version: 3,
    writeUnits: 1,
    transactional: false,
    invocationId: 'count:3',
  },
  'db.conditionFailed': {
    type: 'db.conditionFailed',
    at: 87,
    table: 'processedEvents',
    key: 'views-1@4',
    op: 'put',
    condition: 'attribute_not_exists',
    writeUnits: 1,
    invocationId: 'count:4',
  },
  'db.throttled': {
    type: 'db.throttled',
    at: 88,
    table: 'pageViewCounts',
    key: 'ada',
    op: 'get',
    invocationId: 'count:4',
  },
  'db.itemExpired': {
    type: 'db.itemExpired',
    at: 89,
    table: 'joinBuffer',
    key: 'o1',
    expiresAtMs: 80,
  },
  'db.requestTimedOut': {
    type: 'db.requestTimedOut',
    at: 90,
    table: 'pageViewCounts',
    op: 'put',
    invocationId: 'count:4',
    attempt: 1,
  },
  'command.sent': {
    type: 'command.sent',
    at: 10,
    client: 'alice',
    commandId: 'alice-3',
    command: { type: 'deposit', commandId: 'alice-3', account: 'a1', amount: 40 },
    topic: 'account-commands',
    partition: 0,
  },
  'command.accepted': {
    type: 'command.accepted',
    at: 30,
    client: 'alice',
    commandId: 'alice-3',
    topic: 'account-events',
    partition: 0,
    offset: 4,
    latencyMs: 20,
  },
  'command.rejected': {
    type: 'command.rejected',
    at: 30,
    client: 'alice',
    commandId: 'alice-4',
    reason: 'insufficientFunds',
    latencyMs: 18,
  },
  'command.timedOut': { type: 'command.timedOut', at: 1010, client: 'alice', commandId: 'alice-5' },
  'query.sent': {
    type: 'query.sent',
    at: 50,
    client: 'alice',
    queryId: 'alice-q1',
    readModel: 'balances',
    host: 'reader-1',
    key: 'a1',
    token: { topic: 'account-events', partition: 0, offset: 4 },
  },
  'query.answered': {
    type: 'query.answered',
    at: 60,
    client: 'alice',
    queryId: 'alice-q1',
    readModel: 'balances',
    key: 'a1',
    outcome: 'answered',
    row: { balance: 40, events: 2 },
    partition: 0,
    position: 5,
    latencyMs: 10,
  },
  'query.failed': {
    type: 'query.failed',
    at: 61,
    host: 'api',
    queryId: 'bob-q2',
    error: 'TypeError: ctx.sleep needs a whole number of ms, at least 1 (got 0)',
  },
  'projection.applied': {
    type: 'projection.applied',
    at: 55,
    host: 'reader-1',
    readModel: 'balances',
    topic: 'account-events',
    partition: 0,
    offset: 4,
    rowKey: 'a1',
    row: { balance: 40, events: 2 },
  },
  'projection.reset': {
    type: 'projection.reset',
    at: 0,
    host: 'reader-1',
    readModel: 'balances',
    fold: 'balances',
    reason: 'started',
  },
  'projection.restored': {
    type: 'projection.restored',
    at: 700,
    host: 'balances-table-1',
    readModel: 'balances',
    fold: 'balances',
    home: 'streamsTable',
    partition: 0,
    position: 12,
    rows: [{ key: 'a1', row: { balance: 40, events: 2 } }],
  },
  'projection.switched': {
    type: 'projection.switched',
    at: 900,
    host: 'reader-1',
    readModel: 'balances',
    from: 'balances',
    to: 'balances@v2',
  },
  'projection.rebuildRefused': {
    type: 'projection.rebuildRefused',
    at: 900,
    host: 'reader-1',
    readModel: 'balances',
    reason: 'readerDown',
  },
  'projection.skipped': {
    type: 'projection.skipped',
    at: 70,
    host: 'reader-1',
    readModel: 'balances',
    topic: 'account-events',
    partition: 0,
    fromOffset: 0,
    toOffset: 12,
  },
  'durable.invoked': {
    type: 'durable.invoked',
    at: 91,
    service: 'orders',
    invocation: 'orders/0/3',
    recordId: 4,
  },
  'durable.stepStarted': {
    type: 'durable.stepStarted',
    at: 92,
    service: 'orders',
    invocation: 'orders/0/3',
    index: 1,
    step: 'chargePayment',
  },
  'durable.stepEffect': {
    type: 'durable.stepEffect',
    at: 93,
    service: 'orders',
    invocation: 'orders/0/3',
    index: 1,
    step: 'chargePayment',
  },
  'durable.stepJournaled': {
    type: 'durable.stepJournaled',
    at: 94,
    service: 'orders',
    invocation: 'orders/0/3',
    index: 1,
    step: 'chargePayment',
    offset: 9,
  },
  'durable.stepReplayed': {
    type: 'durable.stepReplayed',
    at: 95,
    service: 'orders',
    invocation: 'orders/0/3',
    index: 1,
    step: 'chargePayment',
  },
  'durable.recovered': {
    type: 'durable.recovered',
    at: 96,
    service: 'orders',
    entries: 12,
    resumed: ['orders/0/3'],
  },
  'durable.completed': {
    type: 'durable.completed',
    at: 97,
    service: 'orders',
    invocation: 'orders/0/3',
  },
};

const all = Object.values(samples) as TraceEvent[];

describe('formatEventLine', () => {
  it('lays out index, time, type, subject and fields in fixed columns', () => {
    expect(formatEventLine(samples['record.appended'], 12)).toBe(
      '    12  t=105ms     record.appended          orders-1           ' +
        'offset=3 k=k1 v=42 id=7 ts=100 producer=p1 producerId=1000 producerEpoch=0 sequence=3 ' +
        'transactional=false',
    );
    expect(formatEventLine(samples['actor.crashed'], 123456)).toBe(
      '123456  t=5ms       actor.crashed            p1',
    );
  });

  it('names a subject for every event type and renders no value as undefined or [object Object]', () => {
    for (const event of all) {
      const line = formatEventLine(event, 0);
      // A type longer than its column pushes the subject right by as much.
      const shift = Math.max(0, event.type.length - 24);
      const subject = line.slice(45 + shift, 45 + shift + 18).trim();
      expect(line.slice(20, 44 + shift).trim(), line).toBe(event.type);
      expect(subject, line).not.toBe('-');
      expect(subject, line).not.toBe('');
      expect(line, line).not.toMatch(/undefined|\[object Object\]/);
    }
  });

  it('does not repeat what the subject already shows', () => {
    const line = formatEventLine(samples['batch.sent'], 1);
    expect(line).toContain(' p1 ');
    expect(line).not.toContain('producer=p1');
    expect(line).toContain('tp=orders-0');
    expect(line).not.toMatch(/topic=|partition=/);
  });

  it('shows a batch as a count and its record ids, and a fault as its fields', () => {
    expect(formatEventLine(samples['batch.sent'], 1)).toMatch(/records=2 ids=\[7,8\]$/);
    expect(formatEventLine(samples['fault.injected'], 1)).toMatch(
      /fault\.injected +p1\|broker +kind=partition at=9 oneWay=false$/,
    );
    expect(formatEventLine(samples['fault.ended'], 1)).toMatch(/ c1 +kind=pause durationMs=5$/);
  });

  it('renders topic-partition lists, offsets and assignments compactly, members sorted', () => {
    expect(formatEventLine(samples['txn.partitionsAdded'], 0)).toMatch(
      /partitions=\[orders-0,orders-1\]$/,
    );
    expect(formatEventLine(samples['txn.offsetsAdded'], 0)).toMatch(
      /group=g offsets=\[orders-0@5\]$/,
    );
    expect(formatEventLine(samples['rebalance.completed'], 0)).toMatch(
      /assignment=\{c1:\[orders-0\],c2:\[orders-1\]\} assignor=range$/,
    );
  });

  it('does not depend on the order of the fields in the event object', () => {
    const reordered = Object.fromEntries(Object.entries(samples['records.fetched']).reverse());
    expect(formatEventLine(reordered as TraceEvent, 3)).toBe(
      formatEventLine(samples['records.fetched'], 3),
    );
  });

  it('still shows a field its layout does not name', () => {
    const extended = { ...samples['actor.started'], zone: 'eu-1' } as TraceEvent;
    expect(formatEventLine(extended, 0)).toMatch(/kind=producer zone=eu-1$/);
  });
});

describe('formatEventLine for event sourcing', () => {
  it('shows a projection step under reader/read model with its position first', () => {
    expect(formatEventLine(samples['projection.applied'], 0)).toMatch(
      /reader-1\/balances +tp=account-events-0 offset=4 rowKey=a1 row=\{"balance":40,"events":2\}$/,
    );
  });
});

describe('formatEventLine for stream processing', () => {
  it('shows a join match under instance/task with the key and both sides first', () => {
    expect(formatEventLine(samples['join.matched'], 59)).toBe(
      '    59  t=59ms      join.matched             app-1/0_1          ' +
        'key=alice left=/a right=/a timestampMs=1100 processor=KSTREAM-JOINOTHER-0000000005',
    );
  });

  it('leads buffered join records with their side and key, and names the buffer last', () => {
    expect(formatEventLine(samples['join.buffered'], 0)).toMatch(
      / app-1\/0_1 +side=left key=alice value=\/a timestampMs=1000 store=KSTREAM-JOINTHIS-/,
    );
    expect(formatEventLine(samples['join.nonMatchEmitted'], 0)).toMatch(
      / app-1\/0_1 +side=left key=dave value=\/d reason=windowClosed timestampMs=300 /,
    );
    expect(formatEventLine(samples['join.expired'], 0)).toMatch(
      / store=KSTREAM-JOINOTHER-0000000005-store key=bob value=\/b timestampMs=200 /,
    );
  });

  it('shows a window by its key and bounds before its value', () => {
    expect(formatEventLine(samples['window.closed'], 0)).toMatch(
      / app-1\/0_1 +key=alice windowStartMs=1000 windowEndMs=2000 value=3 streamTimeMs=2500 /,
    );
    expect(formatEventLine(samples['record.droppedLate'], 0)).toMatch(
      / key=bob timestampMs=400 streamTimeMs=2600 windowStartMs=0 windowEndMs=1000 /,
    );
  });

  it('names the task alone when no instance ran it (the test driver)', () => {
    expect(formatEventLine(samples['join.lookedUp'], 0)).toMatch(
      / task:0_0 +key=alice found=true timestampMs=1000 store=/,
    );
    const hosted = { ...samples['join.lookedUp'], instance: 'app-1' };
    expect(formatEventLine(hosted, 0)).toMatch(/ app-1\/0_0 +key=alice /);
    expect(formatEventLine(hosted, 0)).not.toContain('instance=');
  });

  it('shows an input record as topic-partition and offset, and a commit as its offsets', () => {
    expect(formatEventLine(samples['record.processed'], 0)).toMatch(
      / app-1\/0_1 +tp=clicks-1 offset=4 key=alice timestampMs=1000 streamTimeMs=1000$/,
    );
    expect(formatEventLine(samples['task.restoring'], 0)).toMatch(
      / app-1\/0_1 +store=counts tp=app-counts-changelog-1$/,
    );
    expect(formatEventLine(samples['instance.committed'], 0)).toMatch(
      / app-1 +guarantee=exactly_once_v2 offsets=\[clicks-1@8,views-1@5\]$/,
    );
  });
});

describe('serverless events', () => {
  it('shows a trigger batch by its mapping, and an invocation by its function', () => {
    expect(formatEventLine(samples['trigger.batchBuilt'], 0)).toMatch(
      / esm-count-views +function=count tp=views-1 lane=0 offsets=\[4\.\.6\] recordIds=\[11\.\.13\]$/,
    );
    expect(formatEventLine(samples['function.invoked'], 0)).toMatch(
      / count +invocationId=count:3 instance=count#1 attempt=1 source=esm-count-views tp=views-1 offsets=\[4\.\.6\]/,
    );
  });

  it('shows a database write by its table, with the key and the item first', () => {
    expect(formatEventLine(samples['db.written'], 0)).toMatch(
      / table:pageViewCounts +op=put key=ada item=\{"count":3\} version=3 invocationId=count:3 /,
    );
  });
});

describe('renderValue', () => {
  it('quotes strings that could be read as something else', () => {
    expect(renderValue('k1')).toBe('k1');
    expect(renderValue('42')).toBe('"42"');
    expect(renderValue('null')).toBe('"null"');
    expect(renderValue('two words')).toBe('"two words"');
    expect(renderValue('')).toBe('""');
    expect(renderValue(null)).toBe('null');
    expect(renderValue({ user: 'u1', n: [1, 2] })).toBe('{"user":"u1","n":[1,2]}');
  });

  it('collapses runs of three or more consecutive integers', () => {
    expect(renderInts([1, 2, 3, 4, 5, 9, 11, 12])).toBe('[1..5,9,11,12]');
    expect(renderInts([])).toBe('[]');
    expect(renderInts([3, 2, 1])).toBe('[3,2,1]');
  });
});

describe('formatLog', () => {
  it('writes one line per event, each ending in a newline, numbered from 0', () => {
    const log = formatLog(all);
    const lines = log.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(all.length);
    expect(lines.map((line) => Number(line.slice(0, 6)))).toEqual(all.map((_, i) => i));
  });
});
