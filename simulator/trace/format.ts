import type { Json, SimRecord, TopicPartition } from '../core/types.ts';
import type { StreamsTraceEventType } from '../streams/events.ts';
import type { TraceEvent } from './events.ts';

/**
 * The event log: one line per trace event, in fixed columns, for terminals, golden files and
 * diffs. The format is documented in docs/sim-command.md; changing it changes golden files.
 *
 * ```
 *     12  t=105ms     record.appended          orders-1           offset=3 k=k1 v=42 id=7 ts=100 ...
 * ```
 *
 * Columns: the event's index (right-aligned in 6), `t=<at>ms` (padded to 11), the event type
 * (padded to 24), the subject (padded to 18: an actor, `topic-partition`, `txn:<id>`,
 * `group:<id>`, `from->to`, `<instance>/<task>`, `task:<task>`, `app:<id>`), then the other fields as
 * `name=value`. A field the subject already
 * shows is not repeated. Fields the layout below names come first in that order; any other field
 * follows in sorted order, so nothing is ever hidden and the line never depends on the order in
 * which the engine built the object.
 *
 * Values: numbers and booleans as JSON; strings bare when they cannot be mistaken for anything
 * else (`k1`, `read_committed`), otherwise JSON-quoted (`"42"`, `"two words"`, `""`); integer
 * lists with runs collapsed (`[1..5,9]`); topic-partition lists as `[orders-0,orders-1]`; a record
 * as `k=… v=… id=… ts=…` (and `headers=…` when it has any); a batch's records as `records=<count>
 * ids=[…]` (their contents appear on the `record.appended` lines); other values as compact JSON.
 */

/** Widths of the fixed columns; longer content pushes the rest of the line right. */
export const logColumns = { index: 6, time: 11, type: 24, subject: 18 } as const;

/** How a line presents one event: its subject, the fields it shows there, and the lead fields. */
interface Layout {
  subject: string;
  /** Fields shown by the subject, not repeated. */
  shown: readonly string[];
  /** Fields rendered first, in this order. */
  lead: readonly string[];
}

/** A producer's identity reads best as id, then epoch. */
const producerLead = ['producerId', 'producerEpoch'];

const tp = (topic: string, partition: number) => `${topic}-${partition}`;

/** A window's bounds, start then end, as Kafka names them (see streams/events.ts for inclusivity). */
const windowLead = ['windowStartMs', 'windowEndMs'];

/**
 * The lead fields of the Kafka Streams layer's events: the key (and a join's side) first, then the
 * window and the values, then times; processor and store names (long, generated names such as
 * `KSTREAM-JOINTHIS-0000000004`) come last unless they are what the event is about.
 */
const streamsLead: { readonly [T in StreamsTraceEventType]: readonly string[] } = {
  'statefun.invoked': ['address', 'from', 'message'],
  'statefun.stateWritten': ['address', 'value'],
  'statefun.messageSent': ['from', 'to', 'message'],
  'record.processed': ['tp', 'offset', 'key', 'timestampMs', 'streamTimeMs'],
  'record.emitted': ['topic', 'key', 'value', 'timestampMs', 'processor'],
  'record.skipped': ['key', 'reason', 'timestampMs', 'processor'],
  'record.droppedLate': ['key', 'timestampMs', 'streamTimeMs', ...windowLead, 'processor'],
  'window.updated': ['key', ...windowLead, 'value', 'timestampMs', 'store'],
  'window.merged': ['key', ...windowLead, 'merged', 'store'],
  'window.closed': ['key', ...windowLead, 'value', 'streamTimeMs', 'store'],
  'aggregate.updated': ['key', 'oldValue', 'value', 'timestampMs', 'store'],
  'join.buffered': ['side', 'key', 'value', 'timestampMs', 'store'],
  'join.droppedExpired': ['side', 'key', 'value', 'timestampMs', 'streamTimeMs', 'store'],
  'join.expired': ['store', 'key', 'value', 'timestampMs', 'streamTimeMs'],
  'join.matched': ['key', 'left', 'right', 'timestampMs', 'processor'],
  'join.nonMatchBuffered': ['side', 'key', 'value', 'timestampMs', 'store'],
  'join.nonMatchCancelled': ['side', 'key', 'timestampMs', 'store'],
  'join.nonMatchEmitted': ['side', 'key', 'value', 'reason', 'timestampMs', 'processor'],
  'join.lookedUp': ['key', 'found', 'timestampMs', 'store'],
  'suppress.buffered': ['key', ...windowLead, 'value', 'timestampMs', 'streamTimeMs', 'store'],
  'suppress.emitted': ['key', ...windowLead, 'value', 'timestampMs', 'streamTimeMs'],
  'store.put': ['store', 'key', 'value', 'timestampMs'],
  'store.restored': ['store', 'key', 'value'],
  'punctuation.fired': ['processor', 'punctuationType', 'timestampMs'],
};

/** `instance-a/0_1` under the runtime; `task:0_1` under the test driver, which has no instance. */
function taskSubject(instance: string | undefined, task: string): string {
  return instance === undefined ? `task:${task}` : `${instance}/${task}`;
}

/** Exhaustive: a new event type fails to typecheck here until it has a layout. */
function layoutOf(e: TraceEvent): Layout {
  switch (e.type) {
    case 'sim.started':
    case 'sim.ended':
      return { subject: 'sim', shown: [], lead: [] };
    case 'actor.started':
    case 'actor.crashed':
    case 'actor.restarted':
    case 'actor.paused':
    case 'actor.resumed':
      return { subject: e.actor, shown: ['actor'], lead: ['kind'] };
    case 'command.ignored':
      return { subject: e.actor, shown: ['actor'], lead: ['command'] };
    case 'consumer.closed':
      return { subject: e.consumer, shown: ['consumer'], lead: ['group'] };
    case 'fault.injected':
    case 'fault.ended':
      return { subject: faultSubject(e.fault), shown: [], lead: ['fault'] };
    case 'message.sent':
    case 'message.dropped':
      return { subject: `${e.from}->${e.to}`, shown: ['from', 'to'], lead: ['kind', 'msgId'] };
    case 'topic.created':
      return { subject: e.topic, shown: ['topic'], lead: ['partitions', 'cleanupPolicy'] };
    case 'record.appended':
      return onPartition(e, ['offset', 'record', 'producer', ...producerLead, 'sequence']);
    case 'partition.highWatermark':
    case 'records.compacted':
      return onPartition(e, ['offset', 'offsets']);
    case 'records.deleted':
      return onPartition(e, ['logStartOffset', 'reason']);
    case 'batch.rejectedDuplicate':
    case 'batch.rejectedOutOfOrder':
      return onPartition(e, [...producerLead, 'baseSequence']);
    case 'marker.written':
      return onPartition(e, ['marker', 'offset', ...producerLead]);
    case 'batch.sent':
    case 'batch.acknowledged':
    case 'batch.rejectedFenced':
    case 'batch.expired':
      return byActor(
        e.producer,
        ['producer'],
        ['tp', 'baseOffset', 'attempt', ...producerLead, 'baseSequence'],
      );
    case 'producer.initialized':
    case 'producer.fenced':
      return byActor(e.producer, ['producer'], ['transactionalId', ...producerLead]);
    case 'txn.stateChanged':
    case 'txn.begun':
    case 'txn.partitionsAdded':
    case 'txn.offsetsAdded':
    case 'txn.committed':
    case 'txn.aborted':
      return byActor(
        `txn:${e.transactionalId}`,
        ['transactionalId'],
        ['from', 'to', 'producer', ...producerLead],
      );
    case 'member.joined':
    case 'member.left':
    case 'rebalance.started':
    case 'rebalance.completed':
      return byActor(`group:${e.group}`, ['group'], ['member', 'generation', 'reason']);
    case 'consumer.positioned':
    case 'records.fetched':
    case 'records.processed':
      return byActor(
        e.consumer,
        ['consumer'],
        ['tp', 'group', 'offset', 'fromOffset', 'nextOffset'],
      );
    case 'offset.committed':
      return byActor(`group:${e.group}`, ['group'], ['tp', 'offset', 'member']);
    case 'topology.described':
      return byActor(`app:${e.application}`, ['application'], ['subtopologies']);
    case 'task.assigned':
    case 'task.restoring':
    case 'task.restored':
    case 'task.revoked':
      return byActor(
        taskSubject(e.instance, e.task),
        ['instance', 'task'],
        ['partitions', 'store', 'tp', 'records', 'clean'],
      );
    case 'instance.committed':
    case 'instance.commitFailed':
      return byActor(e.instance, ['instance'], ['guarantee', 'error', 'offsets']);
    case 'record.processed':
    case 'record.emitted':
    case 'record.skipped':
    case 'record.droppedLate':
    case 'window.updated':
    case 'window.merged':
    case 'window.closed':
    case 'aggregate.updated':
    case 'join.buffered':
    case 'join.droppedExpired':
    case 'join.expired':
    case 'join.matched':
    case 'join.nonMatchBuffered':
    case 'join.nonMatchCancelled':
    case 'join.nonMatchEmitted':
    case 'join.lookedUp':
    case 'suppress.buffered':
    case 'suppress.emitted':
    case 'store.put':
    case 'store.restored':
    case 'punctuation.fired':
    case 'statefun.invoked':
    case 'statefun.stateWritten':
    case 'statefun.messageSent':
      return byActor(taskSubject(e.instance, e.task), ['instance', 'task'], streamsLead[e.type]);
    case 'trigger.batchBuilt':
      return byActor(e.trigger, ['trigger'], ['function', 'tp', 'lane', 'offsets', 'recordIds']);
    case 'function.invalidBatchResponse':
      return byActor(e.trigger, ['trigger'], ['function', 'problem']);
    case 'queueTrigger.batchSettled':
      return byActor(
        e.trigger,
        ['trigger'],
        ['function', 'queue', 'outcome', 'deleted', 'returned'],
      );
    case 'queue.messageSent':
    case 'queue.messagesReceived':
    case 'queue.messagesVisible':
    case 'queue.messagesDeleted':
    case 'queue.movedToDeadLetterQueue':
      return byActor(`queue:${e.queue}`, ['queue'], queueLead);
    case 'function.retried':
    case 'function.batchBisected':
    case 'function.partiallyFailed':
    case 'function.sentToDestination':
      return byActor(
        e.trigger,
        ['trigger'],
        [
          'function',
          'tp',
          'attempt',
          'reason',
          'offsets',
          'first',
          'second',
          'succeeded',
          'retrying',
          'destination',
        ],
      );
    case 'function.invoked':
    case 'function.coldStarted':
    case 'function.warmStarted':
    case 'function.succeeded':
    case 'function.failed':
    case 'function.emitted':
    case 'function.logged':
    case 'functionInstance.throttled':
      return byActor(
        e.function,
        ['function'],
        [
          'invocationId',
          'instance',
          'attempt',
          'reason',
          'source',
          'tp',
          'offsets',
          'offset',
          'record',
          'durationMs',
          'message',
        ],
      );
    case 'functionInstance.reclaimed':
      return byActor(e.instance, ['instance'], ['function', 'reason']);
    case 'cost.accrued':
      return byActor(`cost:${e.function ?? e.source}`, [], ['source', 'usd', 'totalUsd']);
    case 'db.read':
    case 'db.written':
    case 'db.conditionFailed':
    case 'db.throttled':
    case 'db.itemExpired':
    case 'db.requestTimedOut':
      return byActor(
        `table:${e.table}`,
        ['table'],
        ['op', 'key', 'item', 'version', 'found', 'invocationId'],
      );
    case 'command.sent':
    case 'command.accepted':
    case 'command.rejected':
    case 'command.timedOut':
      return byActor(
        e.client,
        ['client'],
        ['commandId', 'command', 'tp', 'offset', 'reason', 'latencyMs'],
      );
    case 'query.sent':
    case 'query.answered':
      return byActor(
        e.client,
        ['client'],
        [
          'queryId',
          'readModel',
          'key',
          'outcome',
          'row',
          'token',
          'partition',
          'position',
          'latencyMs',
          'error',
        ],
      );
    case 'query.failed':
      return byActor(e.host, ['host'], ['queryId', 'error']);
    case 'projection.applied':
    case 'projection.reset':
    case 'projection.restored':
    case 'projection.skipped':
    case 'projection.switched':
    case 'projection.rebuildRefused':
      return byActor(`${e.host}/${e.readModel}`, ['host', 'readModel'], projectionLead);
    case 'durable.invoked':
    case 'durable.stepStarted':
    case 'durable.stepEffect':
    case 'durable.stepJournaled':
    case 'durable.stepReplayed':
    case 'durable.completed':
      return byActor(`svc:${e.service}`, ['service'], ['invocation', 'index', 'step', 'offset']);
    case 'durable.recovered':
      return byActor(`svc:${e.service}`, ['service'], ['entries', 'resumed']);
    default: {
      const unknown: never = e;
      void unknown;
      return { subject: '-', shown: [], lead: [] };
    }
  }
}

/** A queue event: the messages first, then where they went. */
const queueLead = [
  'messageId',
  'messageIds',
  'receiveCounts',
  'receiveCount',
  'deadLetterQueue',
  'visibleAgainAtMs',
  'staleMessageIds',
];

/** A projection's position first, then the row it changed, then the rest. */
const projectionLead = [
  'tp',
  'offset',
  'rowKey',
  'row',
  'fold',
  'from',
  'to',
  'reason',
  'fromOffset',
  'toOffset',
];

function onPartition(e: { topic: string; partition: number }, lead: string[]): Layout {
  return { subject: tp(e.topic, e.partition), shown: ['topic', 'partition'], lead };
}

function byActor(subject: string, shown: readonly string[], lead: readonly string[]): Layout {
  return { subject, shown, lead };
}

function faultSubject(fault: Record<string, unknown>): string {
  if (typeof fault.target === 'string') return fault.target;
  if (Array.isArray(fault.between)) return fault.between.join('|');
  return '-';
}

/** One event as one line (no newline). */
export function formatEventLine(event: TraceEvent, index: number): string {
  const { subject, shown, lead } = layoutOf(event);
  const fields = fieldsOf(event as unknown as Record<string, unknown>, shown, lead);
  const head =
    String(index).padStart(logColumns.index) +
    '  ' +
    `t=${event.at}ms`.padEnd(logColumns.time) +
    ' ' +
    event.type.padEnd(logColumns.type) +
    ' ' +
    subject.padEnd(logColumns.subject);
  return (head + ' ' + fields.join(' ')).trimEnd();
}

/** The whole log: one line per event, each ending in a newline. */
export function formatLog(events: readonly TraceEvent[]): string {
  let text = '';
  for (let i = 0; i < events.length; i++) text += formatEventLine(events[i], i) + '\n';
  return text;
}

function fieldsOf(
  event: Record<string, unknown>,
  shown: readonly string[],
  lead: readonly string[],
): string[] {
  const values: Record<string, unknown> = { ...event };
  if (
    !shown.includes('topic') &&
    typeof values.topic === 'string' &&
    typeof values.partition === 'number'
  ) {
    values.tp = tp(values.topic, values.partition);
    delete values.topic;
    delete values.partition;
  }
  for (const key of ['type', 'at', ...shown]) delete values[key];
  const rest = Object.keys(values)
    .filter((key) => !lead.includes(key))
    .sort();
  const order = [...lead.filter((key) => key in values), ...rest];
  return order.flatMap((key) => renderField(key, values[key]));
}

function renderField(key: string, value: unknown): string[] {
  if (key === 'record') return renderRecord(value as SimRecord);
  if (key === 'records' && Array.isArray(value)) {
    return [`records=${value.length}`, `ids=${renderInts(value.map((r: SimRecord) => r.id))}`];
  }
  if (key === 'fault' && isPlainObject(value)) return renderFault(value);
  if (key === 'assignment' && isPlainObject(value))
    return [`assignment=${renderAssignment(value)}`];
  if (value === undefined) return [];
  return [`${key}=${renderValue(value)}`];
}

function renderRecord(record: SimRecord): string[] {
  const parts = [
    `k=${renderValue(record.key)}`,
    `v=${renderValue(record.value)}`,
    `id=${record.id}`,
    `ts=${record.timestampMs}`,
  ];
  if (record.headers && Object.keys(record.headers).length > 0) {
    parts.push(`headers=${renderValue(sortedObject(record.headers))}`);
  }
  return parts;
}

function renderFault(fault: Record<string, unknown>): string[] {
  const shown = faultSubject(fault) === '-' ? [] : ['target', 'between'];
  const keys = Object.keys(fault)
    .filter((key) => key !== 'kind' && !shown.includes(key) && fault[key] !== undefined)
    .sort();
  return [
    `kind=${renderValue(fault.kind)}`,
    ...keys.map((key) => `${key}=${renderValue(fault[key])}`),
  ];
}

function renderAssignment(assignment: Record<string, unknown>): string {
  const members = Object.keys(assignment).sort();
  return (
    '{' + members.map((m) => `${renderString(m)}:${renderValue(assignment[m])}`).join(',') + '}'
  );
}

/** A value in a `name=value` pair; see the module comment for the rules. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return renderString(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => Number.isInteger(v)))
      return renderInts(value as number[]);
    if (value.length > 0 && value.every(isTopicPartition)) {
      return (
        '[' + value.map((p: TopicPartition & { offset?: number }) => renderTp(p)).join(',') + ']'
      );
    }
  }
  return JSON.stringify(value as Json) ?? 'undefined';
}

function renderTp(p: TopicPartition & { offset?: number }): string {
  return tp(p.topic, p.partition) + (typeof p.offset === 'number' ? `@${p.offset}` : '');
}

const bare = /^[A-Za-z0-9_./:@#+-]+$/;

function renderString(text: string): string {
  if (!bare.test(text)) return JSON.stringify(text);
  // A bare word that reads as another JSON value would be ambiguous: quote it.
  if (text === 'null' || text === 'true' || text === 'false' || !Number.isNaN(Number(text))) {
    return JSON.stringify(text);
  }
  return text;
}

/** `[1..5,9,11..12]`: runs of consecutive integers collapsed, order kept. */
export function renderInts(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length;) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    if (j - i >= 2) parts.push(`${values[i]}..${values[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(values[k]));
    i = j + 1;
  }
  return `[${parts.join(',')}]`;
}

function isTopicPartition(value: unknown): value is TopicPartition {
  return (
    isPlainObject(value) && typeof value.topic === 'string' && typeof value.partition === 'number'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortedObject(object: Readonly<Record<string, string>>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(object).sort()) sorted[key] = object[key];
  return sorted;
}
