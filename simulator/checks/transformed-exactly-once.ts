import type { TraceEvent } from '../trace/events.ts';
import { committedKey, foldTrace, type WorldState } from '../trace/state.ts';
import { deriveRecordId } from '../runtime/derive-id.ts';
import { visibleCopies, type Copies } from './exactly-once-committed.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/** An input record a transactional client processed, where it was read. */
interface Input {
  id: number;
  group: string;
  topic: string;
  partition: number;
  offset: number;
}

/**
 * Exactly once across a transactional client's input and output (the consume–transform–produce
 * loop, KIP-447): at the end of the run, for every input record its group processed, the output it
 * was transformed into is visible to `read_committed` readers of the output topic
 * - exactly once, if the group's committed offset has passed the input (nothing lost);
 * - not at all, if it has not (an output whose input will be read again would be written twice);
 * - never twice.
 *
 * The input is known from `records.processed` of the clients (actors started as
 * `transactionalClient`), an output from the record id derived from its input's
 * (`deriveRecordId(input, outputTopic, 0)`), the output topics from what the clients sent. An
 * input whose output no client ever sent was filtered out by the transform and needs none (the
 * transform is deterministic: a record it drops once it always drops). The violation is the
 * commit that passed a lost input, or the append of an output too many.
 *
 * `final` must be `foldTrace(events)`.
 */
export function transformedExactlyOnce(
  events: readonly TraceEvent[],
  final: WorldState = foldTrace(events),
): CheckVerdict {
  const { inputs, outputTopics, sent } = summarise(events);
  if (inputs.size === 0) return PASS;
  const visible = visibleCopies(final);
  let found: CheckVerdict = PASS;
  const keep = (index: number, message: string) => {
    if (index >= 0 && (found.ok || index < found.index)) found = violation(events, index, message);
  };
  for (const input of inputs.values()) {
    const committed =
      final.committedOffsets.get(committedKey(input.group, input.topic, input.partition))?.offset ??
      0;
    for (const topic of outputTopics.get(input.group) ?? []) {
      const id = deriveRecordId(input.id, topic, 0);
      const copies = visible.get(topic)?.get(id);
      const where = `record ${input.id} (${tpName(input.topic, input.partition)} offset ${input.offset})`;
      if (copies?.second) {
        keep(
          copies.second.appendedAt,
          `The output of ${where} is visible twice in ${topic} to read_committed readers (record ${id}).`,
        );
      } else if (input.offset < committed && !copies && sent.has(id)) {
        keep(
          firstCommitPast(events, input),
          `Group ${input.group} committed past ${where}, but its output (record ${id}) is not visible in ${topic} to read_committed readers: it is lost.`,
        );
      } else if (input.offset >= committed && copies) {
        keep(
          (copies as Copies).first.appendedAt,
          `The output of ${where} is visible in ${topic}, but group ${input.group} has committed only up to offset ${committed}: the input will be processed again and its output written twice.`,
        );
      }
    }
  }
  return found;
}

function summarise(events: readonly TraceEvent[]) {
  const clients = new Set<string>();
  const inputs = new Map<number, Input>();
  const groupOf = new Map<string, string>();
  const outputTopics = new Map<string, Set<string>>();
  const sent = new Set<number>();
  for (const e of events) {
    if (e.type === 'actor.started' && e.kind === 'transactionalClient') clients.add(e.actor);
    else if (e.type === 'records.processed' && clients.has(e.consumer)) {
      groupOf.set(e.consumer, e.group);
      e.recordIds.forEach((id, i) =>
        inputs.set(id, {
          id,
          group: e.group,
          topic: e.topic,
          partition: e.partition,
          offset: e.offsets[i],
        }),
      );
    } else if (e.type === 'batch.sent' && clients.has(e.producer)) {
      const group = groupOf.get(e.producer);
      if (group === undefined) continue;
      let topics = outputTopics.get(group);
      if (!topics) outputTopics.set(group, (topics = new Set()));
      topics.add(e.topic);
      for (const r of e.records) sent.add(r.id);
    }
  }
  return { inputs, outputTopics, sent };
}

/** The first commit of the input's group on its partition that moved past it. */
function firstCommitPast(events: readonly TraceEvent[], input: Input): number {
  return events.findIndex(
    (e) =>
      e.type === 'offset.committed' &&
      e.group === input.group &&
      e.topic === input.topic &&
      e.partition === input.partition &&
      e.offset > input.offset,
  );
}
