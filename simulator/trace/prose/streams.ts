import type { SubtopologyDescription } from '../../streams/describe.ts';
import type { InstanceStreamsEvent, RuntimeTraceEvent } from '../events.ts';
import { type Prose, type Teller, partitionName as tp, say } from './prose.ts';
import { count, formatInner, formatValue, joinWords } from './words.ts';

/** The stream processor's events (tasks, records, windows, joins, stores, stateful functions) as sentences. */

type StreamsType = InstanceStreamsEvent['type'] | RuntimeTraceEvent['type'];

/** Who did it: `counter-1's task 0_1`, or `task 0_1` under the test driver (no instance). */
const task = (e: { instance?: string; task: string }): string =>
  e.instance === undefined ? `Task ${e.task}` : `${e.instance}'s task ${e.task}`;

const keyName = (key: string | null): string => (key === null ? 'no key' : `key ${key}`);

const windowOf = (e: { windowStartMs: number; windowEndMs: number }): string =>
  `window ${e.windowStartMs}–${e.windowEndMs} ms`;

const skipReasons = {
  nullKey: 'its key is null',
  nullValue: 'its value is null',
  nullKeyOrValue: 'its key or value is null',
} as const;

const nonMatchReasons = {
  windowClosed: 'its window closed without a partner',
  late: 'it arrived already outside the window',
  nullKey: 'its key is null',
  noMatch: 'the table has no row for its key',
} as const;

/** The sentences, one per event type of the stream processor and its runtime. */
export const streamsProse: Teller<StreamsType> = {
  'topology.described': (e) => described(e.application, e.subtopologies),
  'task.assigned': (e) =>
    say(
      `${task(e)} is assigned, reading ${joinWords(e.partitions.map((p) => tp(p.topic, p.partition)))}.`,
    ),
  'task.restoring': (e) =>
    say(`${task(e)} starts restoring store ${e.store} from ${tp(e.topic, e.partition)}.`),
  'task.restored': (e) =>
    say(
      `${task(e)} has restored its stores (${count(e.records, 'changelog record')} replayed) and starts processing.`,
    ),
  'task.revoked': (e) =>
    say(
      `${task(e)} leaves the instance ${e.clean ? 'cleanly, after a commit' : 'dirty: what it did since its last commit is redone elsewhere'}.`,
    ),
  'instance.committed': (e) =>
    say(
      `${e.instance} commits (${e.guarantee}): ${e.offsets.length === 0 ? 'no input positions' : joinWords(e.offsets.map((o) => `${tp(o.topic, o.partition)} up to offset ${o.offset}`))}.`,
    ),
  'instance.commitFailed': (e) =>
    say(
      `${e.instance}'s commit fails (${e.guarantee}): ${e.error}. What it did since its last commit will be redone.`,
    ),
  'record.processed': (e) =>
    say(
      `${task(e)} processes the record of ${keyName(e.key)} at ${tp(e.topic, e.partition)} offset ${e.offset} (timestamp ${e.timestampMs} ms; stream time ${e.streamTimeMs} ms).`,
    ),
  'record.emitted': (e) =>
    say(`${task(e)} writes ${keyName(e.key)} to ${e.topic}: ${formatValue(e.value)}.`),
  'record.skipped': (e) =>
    say(
      `${task(e)} drops the record of ${keyName(e.key)} at ${e.processor}: ${skipReasons[e.reason]}.`,
    ),
  'record.droppedLate': (e) =>
    say(
      `${task(e)} drops a late record of ${keyName(e.key)} (timestamp ${e.timestampMs} ms): its ${windowOf(e)} closed (stream time ${e.streamTimeMs} ms).`,
    ),
  'window.updated': (e) =>
    say(
      `${task(e)} updates ${keyName(e.key)} in ${windowOf(e)} of ${e.store} (${e.processor}): ${formatValue(e.value)}.`,
    ),
  'window.merged': (e) =>
    say(
      `${task(e)} merges ${count(e.merged.length, 'session')} of ${keyName(e.key)} into ${windowOf(e)}.`,
    ),
  'window.closed': (e) =>
    say(
      `${windowOf(e)} of ${keyName(e.key)} closes (stream time ${e.streamTimeMs} ms); final value ${formatValue(e.value)}.`,
    ),
  'aggregate.updated': (e) =>
    say(
      `${task(e)} updates ${keyName(e.key)} in ${e.store} (${e.processor}) from ${formatInner(e.oldValue)} to ${formatInner(e.value)}.`,
    ),
  'join.buffered': (e) =>
    say(
      `${task(e)} keeps the ${e.side} record of ${keyName(e.key)} (${formatValue(e.value)}) in its join buffer (${e.processor}), waiting for a partner.`,
    ),
  'join.droppedExpired': (e) =>
    say(
      `${task(e)} does not buffer the ${e.side} record of ${keyName(e.key)} (${e.processor}): timestamp ${e.timestampMs} ms is too old for the buffer (stream time ${e.streamTimeMs} ms).`,
    ),
  'join.expired': (e) =>
    say(
      `The record of ${keyName(e.key)} (${formatValue(e.value)}) leaves the join buffer: stream time ${e.streamTimeMs} ms passed its retention.`,
    ),
  'join.matched': (e) =>
    say(
      `${task(e)} joins ${keyName(e.key)} at ${e.processor}: ${formatInner(e.left)} with ${formatInner(e.right)}.`,
    ),
  'join.nonMatchBuffered': (e) =>
    say(
      `${task(e)} holds the unmatched ${e.side} record of ${keyName(e.key)} at ${e.processor} until its window closes.`,
    ),
  'join.nonMatchCancelled': (e) =>
    say(
      `A partner arrived for the waiting ${e.side} record of ${keyName(e.key)}: no result with an empty side.`,
    ),
  'join.nonMatchEmitted': (e) =>
    say(
      `${task(e)} emits ${keyName(e.key)} from ${e.processor} with an empty ${e.side === 'left' ? 'right' : 'left'} side (${formatValue(e.value)}): ${nonMatchReasons[e.reason]}.`,
    ),
  'join.lookedUp': (e) =>
    say(
      `${task(e)} looks up ${keyName(e.key)} in table ${e.store} (${e.processor}): ${e.found ? 'found' : 'no row'}.`,
    ),
  'suppress.buffered': (e) =>
    say(
      `${task(e)} holds back the update of ${keyName(e.key)} in ${windowOf(e)} (${formatValue(e.value)}) at ${e.processor} until the window closes.`,
    ),
  'suppress.emitted': (e) =>
    say(
      `${task(e)} releases the final result of ${keyName(e.key)} in ${windowOf(e)} from ${e.processor}: ${formatValue(e.value)}.`,
    ),
  'store.put': (e) =>
    say(
      e.value === null
        ? `${task(e)} deletes ${keyName(e.key)} from store ${e.store}.`
        : `${task(e)} writes ${keyName(e.key)} to store ${e.store}: ${formatValue(e.value)}.`,
    ),
  'store.restored': (e) =>
    say(
      `${task(e)} restores ${keyName(e.key)} in store ${e.store} from its changelog: ${formatValue(e.value)}.`,
    ),
  'punctuation.fired': (e) =>
    say(
      `${task(e)} runs ${e.processor}'s punctuator (${e.punctuationType === 'STREAM_TIME' ? 'stream time' : 'wall-clock time'} ${e.timestampMs} ms).`,
    ),
  'statefun.invoked': (e) =>
    say(
      `Function ${e.address} runs on a message from ${e.from.replace(/^ingress:/, 'topic ')}: ${formatValue(e.message)}.`,
    ),
  'statefun.stateWritten': (e) =>
    say(`Function ${e.address}'s state is now ${formatValue(e.value)}.`),
  'statefun.messageSent': (e) =>
    say(`Function ${e.from} sends ${e.to} a message through the log: ${formatValue(e.message)}.`),
};

/**
 * A topology as an outline, not as its JSON: the sentence counts it, the details give one line per
 * sub-topology, source → processors → sinks, with the stores each processor uses.
 */
export function described(
  application: string,
  subtopologies: readonly SubtopologyDescription[],
): Prose {
  const stores = new Set(
    subtopologies.flatMap((s) => s.nodes.flatMap((n) => (n.type === 'processor' ? n.stores : []))),
  );
  const storeText =
    stores.size === 0
      ? 'no state stores'
      : `${count(stores.size, 'state store')} (${joinWords([...stores])})`;
  return {
    text: `Application ${application} runs a topology of ${count(subtopologies.length, 'sub-topology', 'sub-topologies')} with ${storeText}.`,
    details: subtopologies.map(outlineOf),
  };
}

/** `Sub-topology 0: reads account-commands → command-handler (store accounts) → writes account-events`. */
function outlineOf(sub: SubtopologyDescription): string {
  const steps = sub.nodes.map((n) => {
    if (n.type === 'source') return `reads ${joinWords(n.topics)}`;
    if (n.type === 'sink') return `writes ${n.topic}`;
    return n.stores.length === 0 ? n.name : `${n.name} (store ${joinWords(n.stores)})`;
  });
  return `Sub-topology ${sub.id}: ${steps.join(' → ')}`;
}
