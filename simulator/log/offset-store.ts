/** A pending transactional offset commit, waiting for its transaction's marker. */
export interface PendingOffset {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  member: string;
  /** offsetsKey(group, topic, partition), the key its record was written under. */
  key: string;
}

/** The key of a committed offset in `__consumer_offsets`. */
export function offsetsKey(group: string, topic: string, partition: number): string {
  return `${group}/${topic}/${partition}`;
}

const NONE: readonly PendingOffset[] = [];

/**
 * The group coordinator's cache of committed offsets (what `__consumer_offsets` holds, read back),
 * and the transactional commits still pending. The committed offset is the next offset to read.
 */
export class OffsetStore {
  private readonly committedOffsets = new Map<string, number>();
  private readonly pending = new Map<number, PendingOffset[]>();
  /** See `keyOf`: group → topic → partition → offsetsKey(group, topic, partition). */
  private readonly keys = new Map<string, Map<string, string[]>>();

  /**
   * offsetsKey(group, topic, partition), built at the first commit of that partition by that group
   * and handed out again after. A group commits the same few partitions over and over: a key built
   * afresh each time was a new string to join and hash at every Map operation on it (this store's,
   * the compacting cleaner's), while a kept one is hashed once. Same text, so the trace is the same.
   */
  keyOf(group: string, topic: string, partition: number): string {
    let byTopic = this.keys.get(group);
    if (!byTopic) this.keys.set(group, (byTopic = new Map()));
    let byPartition = byTopic.get(topic);
    if (!byPartition) byTopic.set(topic, (byPartition = []));
    return (byPartition[partition] ??= offsetsKey(group, topic, partition));
  }

  /** Record a committed offset; `key` is keyOf(group, topic, partition) when the caller has it. */
  commit(
    group: string,
    topic: string,
    partition: number,
    offset: number,
    key = this.keyOf(group, topic, partition),
  ): void {
    this.committedOffsets.set(key, offset);
  }

  /** The committed offset, or -1 when the group never committed one for this partition. */
  committed(group: string, topic: string, partition: number): number {
    return this.committedOffsets.get(this.keyOf(group, topic, partition)) ?? -1;
  }

  addPending(producerId: number, offset: PendingOffset): void {
    const list = this.pending.get(producerId);
    if (list) list.push(offset);
    else this.pending.set(producerId, [offset]);
  }

  /** Does an open transaction hold a commit for this partition of this group? */
  hasPending(group: string, topic: string, partition: number): boolean {
    for (const list of this.pending.values()) {
      for (const p of list)
        if (p.group === group && p.topic === topic && p.partition === partition) return true;
    }
    return false;
  }

  /**
   * The producer's pending commits, which its marker now settles. Its slot stays, emptied: deleting
   * it at every marker and adding it at the next transaction made the Map shrink and grow each time.
   */
  takePending(producerId: number): readonly PendingOffset[] {
    const list = this.pending.get(producerId);
    if (!list || list.length === 0) return NONE;
    this.pending.set(producerId, []);
    return list;
  }
}
