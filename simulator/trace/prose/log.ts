import type { Json, TopicPartition } from '../../core/types.ts';
import type { LogTraceEvent } from '../events.ts';
import { camelWords, describeFault } from './faults.ts';
import { type Prose, type Teller, partitionName as tp, say } from './prose.ts';
import { nameOf } from './record-names.ts';
import { count, formatOffsets, formatValue, joinWords } from './words.ts';

/** The log's events (the run, the network, topics, producers, transactions, groups) as sentences. */

const partitions = (list: readonly TopicPartition[]): string =>
  list.length === 0 ? 'no partitions' : joinWords(list.map((p) => tp(p.topic, p.partition)));

const offsetsAt = (list: readonly { topic: string; partition: number; offset: number }[]): string =>
  joinWords(list.map((o) => `${tp(o.topic, o.partition)} at offset ${o.offset}`));

const producerIdentity = (e: { producerId: number; producerEpoch: number }): string =>
  e.producerId < 0
    ? 'without idempotence'
    : `as producer id ${e.producerId}, epoch ${e.producerEpoch}`;

const dropReasons = {
  loss: 'it was lost on the wire',
  partition: 'the network between them is cut',
  targetDown: 'the receiver is down',
  lostAck: 'the acknowledgement was lost',
} as const;

const leaveReasons = {
  leave: 'it left',
  sessionTimeout: 'its session timed out',
  fenced: 'it was fenced',
} as const;

const abortReasons = {
  requested: 'the application asked',
  timeout: 'it was open longer than transaction.timeout.ms',
  initProducerId: 'a new producer with the same transactional id started',
} as const;

type LogType = LogTraceEvent['type'];

/** The sentences, one per event type of the log. */
export const logProse: Teller<LogType> = {
  'sim.started': (e) => say(`The run of ${e.scenario} starts with seed ${e.seed}.`),
  'sim.ended': (e) =>
    say(
      e.reason === 'duration'
        ? 'The run reached its end time.'
        : e.reason === 'until'
          ? 'The run stopped where it was asked to.'
          : 'The run ended: nothing was left to happen.',
    ),
  'actor.started': (e) => say(`${e.actor} (${camelWords(e.kind)}) starts.`),
  'actor.crashed': (e) => say(`${e.actor} crashes and loses its memory.`),
  'actor.restarted': (e) => say(`${e.actor} restarts with empty memory.`),
  'actor.paused': (e) =>
    say(`${e.actor} freezes (a long pause): it keeps its memory but sees nothing.`),
  'actor.resumed': (e) =>
    say(`${e.actor} resumes with the view of the world it had when it froze.`),
  'fault.injected': (e) => say(`Fault: ${describeFault(e.fault)}.`),
  'fault.ended': (e) => say(`Fault over: ${describeFault(e.fault)}.`),
  'command.ignored': (e) =>
    say(
      `${e.actor} had nothing to do for ${e.command === 'close' ? 'close' : 'abort transaction'} (no open transaction, or it is down).`,
    ),
  'consumer.closed': (e) => say(`${e.consumer} closes and leaves group ${e.group}.`),
  'message.sent': (e) =>
    say(`${e.from} sends ${e.kind} to ${e.to} (arrives at ${e.deliverAt} ms).`),
  'message.dropped': (e) =>
    say(`${e.kind} from ${e.from} to ${e.to} never arrives: ${dropReasons[e.reason]}.`),
  'topic.created': (e) =>
    say(
      `Topic ${e.topic} is created with ${count(e.partitions, 'partition')}${e.cleanupPolicy === 'compact' ? ', compacted' : ''}${e.internal ? ' (internal)' : ''}.`,
    ),
  'record.appended': (e) => appended(e),
  'partition.highWatermark': (e) =>
    say(
      `${tp(e.topic, e.partition)}'s high watermark moves to ${e.offset}: records below it are readable.`,
    ),
  'records.deleted': (e) =>
    say(
      `Retention (${e.reason}) deletes the oldest records of ${tp(e.topic, e.partition)}: the log now starts at offset ${e.logStartOffset}.`,
    ),
  'records.compacted': (e) =>
    say(
      `Compaction removes ${count(e.offsets.length, 'record')} of ${tp(e.topic, e.partition)} whose key has a later value (${formatOffsets(e.offsets)}).`,
    ),
  'batch.sent': (e, book) => ({
    text: `${e.producer} sends ${book.summarise(
      e.records.map((r) => r.id),
      e.topic,
    )} to ${tp(e.topic, e.partition)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}.`,
    details: e.records.map((r) => `${nameOf(r, e.topic)} (${valueWords(r.value)})`),
  }),
  'batch.acknowledged': (e, book) => ({
    text: `${e.producer} hears that ${book.summarise(e.recordIds, e.topic)} ${e.recordIds.length === 1 ? 'is' : 'are'} stored in ${tp(e.topic, e.partition)} from offset ${e.baseOffset}${e.duplicate ? ' (a retry the broker already had)' : ''}.`,
    details: book.list(e.recordIds, e.topic),
  }),
  'batch.rejectedDuplicate': (e) =>
    say(
      `The broker recognises a retried batch to ${tp(e.topic, e.partition)} by its sequence number ${e.baseSequence} and does not append it again (it is at offset ${e.baseOffset}).`,
    ),
  'batch.rejectedOutOfOrder': (e) =>
    say(
      `The broker refuses a batch to ${tp(e.topic, e.partition)} with sequence ${e.baseSequence}: it expected ${e.expectedSequence}.`,
    ),
  'batch.rejectedFenced': (e) =>
    say(
      `The broker refuses ${e.producer}'s write to ${tp(e.topic, e.partition)}: epoch ${e.producerEpoch} is fenced by epoch ${e.currentEpoch}.`,
    ),
  'batch.expired': (e, book) => ({
    text: `${e.producer} gives up on ${book.summarise(e.recordIds, e.topic)} for ${tp(e.topic, e.partition)}: ${e.error}.`,
    details: book.list(e.recordIds, e.topic),
  }),
  'producer.initialized': (e) =>
    say(
      `${e.producer} is ready${e.transactionalId === null ? '' : ` with transactional id ${e.transactionalId}`}, writing ${producerIdentity(e)}.`,
    ),
  'producer.fenced': (e) =>
    say(
      `${e.producer} (epoch ${e.producerEpoch}) learns a newer producer with transactional id ${e.transactionalId} exists, and stops for good.`,
    ),
  'txn.stateChanged': (e) =>
    say(`Transaction ${e.transactionalId} goes from ${e.from} to ${e.to}.`),
  'txn.begun': (e) =>
    say(`${e.producer} begins a transaction (${e.transactionalId}, epoch ${e.producerEpoch}).`),
  'txn.partitionsAdded': (e) =>
    say(`Transaction ${e.transactionalId} now writes to ${partitions(e.partitions)}.`),
  'txn.offsetsAdded': (e) =>
    say(
      `Transaction ${e.transactionalId} will commit group ${e.group}'s position: ${offsetsAt(e.offsets)}.`,
    ),
  'txn.committed': (e, book) => ({
    text: `Transaction ${e.transactionalId} commits: ${count(e.recordIds.length, 'record')} become${e.recordIds.length === 1 ? 's' : ''} visible to read_committed readers.`,
    details: book.list(e.recordIds),
  }),
  'txn.aborted': (e) =>
    say(
      `Transaction ${e.transactionalId} aborts because ${abortReasons[e.reason]}: read_committed readers will never see its records.`,
    ),
  'marker.written': (e) =>
    say(`A ${e.marker} marker is written to ${tp(e.topic, e.partition)} at offset ${e.offset}.`),
  'member.joined': (e) => say(`${e.member} joins group ${e.group}.`),
  'member.left': (e) => say(`${e.member} leaves group ${e.group}: ${leaveReasons[e.reason]}.`),
  'rebalance.started': (e) =>
    say(`Group ${e.group} starts rebalancing (generation ${e.generation}): ${e.reason}.`),
  'rebalance.completed': (e) => rebalanced(e),
  'consumer.positioned': (e) =>
    say(
      `${e.consumer} will read ${tp(e.topic, e.partition)} from offset ${e.offset} (${e.from === 'committed' ? "its group's committed offset" : `auto.offset.reset ${e.from}`}).`,
    ),
  'records.fetched': (e, book) => ({
    text: `${e.consumer} fetches ${e.recordIds.length === 0 ? 'nothing new' : book.summarise(e.recordIds, e.topic)} from ${tp(e.topic, e.partition)} (offsets ${e.fromOffset} up to ${e.nextOffset}, ${e.isolation}).`,
    details: book.list(e.recordIds, e.topic),
  }),
  'records.processed': (e, book) => ({
    text: `${e.consumer} has processed ${book.summarise(e.recordIds, e.topic)} (${formatOffsets(e.offsets)} of ${tp(e.topic, e.partition)}).`,
    details: book.list(e.recordIds, e.topic),
  }),
  'offset.committed': (e) =>
    say(
      `Group ${e.group} commits offset ${e.offset} for ${tp(e.topic, e.partition)} (on behalf of ${e.member}${e.transactionalId === null ? '' : `, in transaction ${e.transactionalId}`}).`,
    ),
};

/** A record's value after its name: `value 1`, or an object's fields (`user ada, page /page/4`). */
function valueWords(value: Json): string {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? formatValue(value)
    : `value ${formatValue(value)}`;
}

function appended(e: Extract<LogTraceEvent, { type: 'record.appended' }>): Prose {
  const name = nameOf(e.record, e.topic);
  const where = `${tp(e.topic, e.partition)} at offset ${e.offset}`;
  if (e.topic === '__consumer_offsets')
    return say(
      `The broker stores an ${name}: next offset ${formatValue(e.record.value)} (${where}).`,
    );
  const how = e.transactional ? ', in a transaction' : '';
  return {
    text: `${e.producer} appends ${name} to ${where}${how} (${valueWords(e.record.value)}).`,
    details: [
      `timestamp ${e.record.timestampMs} ms`,
      ...(e.sequence >= 0 ? [`sequence ${e.sequence} ${producerIdentity(e)}`] : []),
      ...Object.entries(e.record.headers ?? {}).map(([k, v]) => `header ${k}: ${v}`),
    ],
  };
}

function rebalanced(e: Extract<LogTraceEvent, { type: 'rebalance.completed' }>): Prose {
  const members = Object.keys(e.assignment).sort();
  return {
    text: `Group ${e.group} settles on generation ${e.generation} (${e.assignor}): ${joinWords(members.map((m) => `${m} reads ${partitions(e.assignment[m])}`))}.`,
    details: members.map((m) => `${m}: ${partitions(e.assignment[m])}`),
  };
}
