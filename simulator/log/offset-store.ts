/** A pending transactional offset commit, waiting for its transaction's marker. */
export interface PendingOffset {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  member: string;
}

/** The key of a committed offset in `__consumer_offsets`. */
export function offsetsKey(group: string, topic: string, partition: number): string {
  return `${group}/${topic}/${partition}`;
}

/**
 * The group coordinator's cache of committed offsets (what `__consumer_offsets` holds, read back),
 * and the transactional commits still pending. The committed offset is the next offset to read.
 */
export class OffsetStore {
  private readonly committedOffsets = new Map<string, number>();
  private readonly pending = new Map<number, PendingOffset[]>();

  commit(group: string, topic: string, partition: number, offset: number): void {
    this.committedOffsets.set(offsetsKey(group, topic, partition), offset);
  }

  /** The committed offset, or -1 when the group never committed one for this partition. */
  committed(group: string, topic: string, partition: number): number {
    return this.committedOffsets.get(offsetsKey(group, topic, partition)) ?? -1;
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

  takePending(producerId: number): PendingOffset[] {
    const list = this.pending.get(producerId) ?? [];
    this.pending.delete(producerId);
    return list;
  }
}
