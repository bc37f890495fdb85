import type { WorldState } from '../../../simulator/trace/state.ts';

/** One member of a group with what it owns and where it stands. */
export interface MemberRow {
  /** Member (= consumer actor) id. */
  member: string;
  /** Up, crashed or paused, as the actor is. */
  status: 'up' | 'crashed' | 'paused' | 'unknown';
  /** Partitions assigned in the current generation, as `topic-partition`. */
  partitions: string[];
}

/** A consumer group at the playhead. */
export interface GroupRow {
  /** Group id. */
  group: string;
  /** Generation of the last completed rebalance. */
  generation: number;
  /** Empty, rebalancing or stable. */
  status: 'empty' | 'rebalancing' | 'stable';
  /** Members in order of joining, and any that own partitions but left (shown as gone). */
  members: MemberRow[];
  /** Committed offsets per partition: `topic-partition` → offset. */
  committed: { tp: string; offset: number }[];
}

/** The groups, their members, assignments and committed offsets (a pure function of the state). */
export function groupsAt(state: WorldState): GroupRow[] {
  const rows: GroupRow[] = [];
  for (const g of state.groups.values()) {
    const names = [...g.members];
    for (const owner of Object.keys(g.assignment)) if (!names.includes(owner)) names.push(owner);
    const members = names.map((member) => ({
      member,
      status: state.actors.get(member)?.status ?? ('unknown' as const),
      partitions: (g.assignment[member] ?? []).map((tp) => `${tp.topic}-${tp.partition}`),
    }));
    const committed: GroupRow['committed'] = [];
    for (const c of state.committedOffsets.values()) {
      if (c.group === g.group)
        committed.push({ tp: `${c.topic}-${c.partition}`, offset: c.offset });
    }
    rows.push({ group: g.group, generation: g.generation, status: g.status, members, committed });
  }
  return rows;
}
