import type { Json } from '../core/types.ts';
import type { DesignOutput } from '../scenario/schema.ts';
import type { TraceEvent } from '../trace/events.ts';

/** One output of a design: a record a read_committed reader sees, or an item written to a table. */
export interface OutputEntry {
  /** The record key, or the item's partition key. */
  key: string | null;
  /** The record value, or the item (without the store's `version`), or one attribute of it. */
  value: Json;
  /** The record's id (stable across runs: a function emits under its input's id, a stream processor derives it from its input's); null for a table write. */
  id: number | null;
  /** Index in the trace of its `record.appended` or `db.written`. */
  index: number;
  /** When it became visible: the append, the commit marker of its transaction, or the write. */
  visibleAtMs: number;
  /** Visible time minus the timestamp of the input it came from; null when that input is unknown. */
  latencyMs: number | null;
}

/** What the trace says about the workload's input records: timestamp and key, by record id. */
interface Inputs {
  timestampMs: Map<number, number>;
  key: Map<number, string | null>;
}

/**
 * The outputs of a design in the order they became visible.
 *
 * Latency runs from the input's timestamp (the moment the producer got the record) to visibility.
 * A record a function emits carries its input's id; a stream processor's output carries its
 * input's timestamp (the later input's, for a join), which is what we use there. A table write is
 * matched to the records of its invocation's batch with the same key, in batch order.
 */
export function designOutputs(events: readonly TraceEvent[], output: DesignOutput): OutputEntry[] {
  const inputs = inputRecords(events);
  return 'topic' in output
    ? topicOutputs(events, output.topic, inputs)
    : tableOutputs(events, output, inputs);
}

function inputRecords(events: readonly TraceEvent[]): Inputs {
  const inputs: Inputs = { timestampMs: new Map(), key: new Map() };
  for (const e of events) {
    if (e.type !== 'record.appended' || inputs.timestampMs.has(e.record.id)) continue;
    inputs.timestampMs.set(e.record.id, e.record.timestampMs);
    inputs.key.set(e.record.id, e.record.key);
  }
  return inputs;
}

type Appended = Extract<TraceEvent, { type: 'record.appended' }>;

/**
 * Records of `topic` as read_committed sees them: non-transactional ones at their append,
 * transactional ones at their partition's COMMIT marker (ABORT drops them). Retention and
 * compaction are not applied (output topics of the comparison use neither).
 */
function topicOutputs(events: readonly TraceEvent[], topic: string, inputs: Inputs): OutputEntry[] {
  const out: OutputEntry[] = [];
  const pending = new Map<string, { e: Appended; index: number }[]>();
  const emit = (e: Appended, index: number, at: number) => {
    // The first append of an id is the input when a function emitted it under its input's id,
    // else the output itself, whose timestamp is its input's.
    const origin = inputs.timestampMs.get(e.record.id) ?? e.record.timestampMs;
    out.push({
      key: e.record.key,
      value: e.record.value,
      id: e.record.id,
      index,
      visibleAtMs: at,
      latencyMs: at - origin,
    });
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'record.appended' && e.topic === topic) {
      if (!e.transactional) emit(e, i, e.at);
      else {
        const id = `${e.partition}/${e.producerId}`;
        const list = pending.get(id) ?? [];
        list.push({ e, index: i });
        pending.set(id, list);
      }
    } else if (e.type === 'marker.written' && e.topic === topic) {
      const id = `${e.partition}/${e.producerId}`;
      const list = pending.get(id) ?? [];
      pending.delete(id);
      if (e.marker === 'COMMIT') for (const p of list) emit(p.e, p.index, e.at);
    }
  }
  return out;
}

function tableOutputs(
  events: readonly TraceEvent[],
  output: Extract<DesignOutput, { table: string }>,
  inputs: Inputs,
): OutputEntry[] {
  const batches = new Map<string, number[]>();
  const out: OutputEntry[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'function.invoked') batches.set(e.invocationId, [...e.recordIds]);
    if (e.type !== 'db.written' || e.table !== output.table) continue;
    const value = itemValue(e.item, output.attribute);
    let latencyMs: number | null = null;
    const batch = e.invocationId === null ? undefined : batches.get(e.invocationId);
    const at = batch?.findIndex((id) => inputs.key.get(id) === e.key) ?? -1;
    if (batch && at >= 0) {
      latencyMs = e.at - (inputs.timestampMs.get(batch[at]) ?? e.at);
      batch.splice(at, 1);
    }
    out.push({ key: e.key, value, id: null, index: i, visibleAtMs: e.at, latencyMs });
  }
  return out;
}

function itemValue(item: Json, attribute: string | undefined): Json {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  if (attribute !== undefined) return item[attribute] ?? null;
  const copy: Record<string, Json> = {};
  for (const [k, v] of Object.entries(item)) if (k !== 'version') copy[k] = v;
  return copy;
}
