import { NO_TIMESTAMP, type InputRecord } from '../types.ts';

/**
 * Kafka Streams' choice among a task's input partitions (`PartitionGroup#nextRecord`): take the
 * buffered head record with the smallest timestamp. Kafka's priority queue breaks ties
 * arbitrarily; here the earlier entry wins, so the order is defined. `headOf` reads an entry's
 * head record (`undefined`: that partition is empty); by default the entries are the heads.
 * Returns the index of the chosen entry, or -1 if every partition is empty.
 */
export function chooseNextPartition<T>(
  entries: readonly T[],
  headOf: (entry: T) => { readonly timestampMs: number } | undefined = (entry) =>
    entry as { readonly timestampMs: number } | undefined,
): number {
  let best = -1;
  let bestTimestamp = 0;
  for (let i = 0; i < entries.length; i++) {
    const head = headOf(entries[i]);
    if (head === undefined) continue;
    if (best < 0 || head.timestampMs < bestTimestamp) {
      best = i;
      bestTimestamp = head.timestampMs;
    }
  }
  return best;
}

interface Queue {
  readonly topic: string;
  readonly partition: number;
  records: InputRecord[];
  head: number;
}

/** The record at the head of a queue (a module-level function: no closure per call). */
const headOf = (queue: Queue): InputRecord | undefined => queue.records[queue.head];

/**
 * The buffered input of one task: a FIFO queue per partition and the timestamp-ordered choice
 * between them. A host adds what it fetched and takes records one at a time with `nextRecord()`;
 * it may wait until `allPartitionsBuffered()` (Kafka's `max.task.idle.ms`) before taking one, so
 * that a partition that is merely slow does not lose its place in timestamp order.
 */
export class PartitionGroup {
  private readonly queues: Queue[] = [];
  /** Queues by topic, then partition number: found per record without building a key string. */
  private readonly byTopic = new Map<string, Queue[]>();
  private buffered = 0;
  private streamTime = NO_TIMESTAMP;

  constructor(partitions: readonly { topic: string; partition: number }[]) {
    for (const { topic, partition } of partitions) this.queueFor(topic, partition);
  }

  /** Largest timestamp handed out so far (-1 before any): the task's stream time. */
  get streamTimeMs(): number {
    return this.streamTime;
  }

  /** Records waiting in all queues. */
  get numBuffered(): number {
    return this.buffered;
  }

  /** Append a fetched record to its partition's queue (a partition seen first here is added last in tie order). */
  addRecord(record: InputRecord): void {
    const queue = this.queueFor(record.topic, record.partition);
    queue.records.push(record);
    this.buffered++;
  }

  /** True when every partition has at least one record waiting. */
  allPartitionsBuffered(): boolean {
    return this.queues.every((q) => q.head < q.records.length);
  }

  /** Remove and return the head record with the smallest timestamp, or undefined. */
  nextRecord(): InputRecord | undefined {
    const index = chooseNextPartition(this.queues, headOf);
    if (index < 0) return undefined;
    const queue = this.queues[index];
    const record = queue.records[queue.head++];
    if (queue.head === queue.records.length) {
      // Drained (a simulated poll's records are usually all taken before the next fetch): let go
      // of the records taken, so they die young instead of staying reachable until compaction. A
      // new empty array: 'length = 0' is a call into the runtime, and drops the storage as well.
      queue.records = [];
      queue.head = 0;
    } else if (queue.head > 1024 && queue.head * 2 > queue.records.length) {
      queue.records = queue.records.slice(queue.head);
      queue.head = 0;
    }
    this.buffered--;
    if (record.timestampMs > this.streamTime) this.streamTime = record.timestampMs;
    return record;
  }

  private queueFor(topic: string, partition: number): Queue {
    let partitions = this.byTopic.get(topic);
    if (!partitions) this.byTopic.set(topic, (partitions = []));
    let queue = partitions[partition];
    if (!queue) {
      queue = { topic, partition, records: [], head: 0 };
      partitions[partition] = queue;
      this.queues.push(queue);
    }
    return queue;
  }
}
