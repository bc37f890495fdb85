import { tpKey, type TopicPartition } from '../core/types.ts';

/**
 * Kafka's consumer-group partition assignors (`partition.assignment.strategy`), as the group
 * leader runs them: pure functions from the members' subscriptions, the topics' partition counts
 * and (for the sticky one) what each member owned before, to each member's partitions.
 *
 * Determinism: members are ordered by id (and, for range and round robin, static members first,
 * as Kafka's `MemberInfo` orders them), topics by name, partitions by number; each member's list
 * in the result is sorted by topic, then partition (Kafka leaves that order unspecified).
 */

/** The names Kafka gives the built-in assignors. */
export type AssignorName = 'range' | 'roundrobin' | 'cooperative-sticky';

/** How a group rebalances with an assignor (Kafka's `RebalanceProtocol`). */
export type RebalanceProtocol = 'eager' | 'cooperative';

/** A group member as the assignor sees it. */
export interface GroupMember {
  /** The member id the coordinator gave it. */
  readonly id: string;
  /** The topics it subscribes to. */
  readonly topics: readonly string[];
  /** `group.instance.id` of a static member; range and round robin order static members first by it. */
  readonly groupInstanceId?: string;
}

/** Each member's partitions, keyed by member id. */
export type Assignment = Record<string, TopicPartition[]>;

/** One assignor. */
export interface Assignor {
  /** Kafka's name for it. */
  readonly name: AssignorName;
  /** Eager: everyone gives up everything, then gets a new assignment. Cooperative: see below. */
  readonly protocol: RebalanceProtocol;
  /** The assignment for these members; `previous` is what each member owned (used if sticky). */
  assign(
    members: readonly GroupMember[],
    partitionsPerTopic: Readonly<Record<string, number>>,
    previous?: Readonly<Record<string, readonly TopicPartition[]>>,
  ): Assignment;
}

export function compareStrings(a: string, b: string): number {
  // UTF-16 code unit order, the same as Java's String.compareTo.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** Kafka's `MemberInfo` order: static members first (by instance id), then by member id. */
function compareMembers(a: GroupMember, b: GroupMember): number {
  const ai = a.groupInstanceId;
  const bi = b.groupInstanceId;
  if (ai !== undefined && bi !== undefined)
    return compareStrings(ai, bi) || compareStrings(a.id, b.id);
  if (ai !== undefined) return -1;
  if (bi !== undefined) return 1;
  return compareStrings(a.id, b.id);
}

function checkInput(
  members: readonly GroupMember[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): void {
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.id)) throw new Error(`Member id "${member.id}" appears twice`);
    seen.add(member.id);
  }
  for (const topic of Object.keys(partitionsPerTopic)) {
    const n = partitionsPerTopic[topic];
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Topic "${topic}" has an invalid partition count: ${n}`);
    }
  }
}

/** Partitions of a topic the assignor may hand out; none for a topic it does not know. */
function partitionCount(
  partitionsPerTopic: Readonly<Record<string, number>>,
  topic: string,
): number {
  return Object.hasOwn(partitionsPerTopic, topic) ? partitionsPerTopic[topic] : 0;
}

/** An empty list for every member, keyed in member-id order. */
function emptyAssignment(members: readonly GroupMember[]): Assignment {
  const assignment: Assignment = {};
  for (const member of [...members].sort((a, b) => compareStrings(a.id, b.id))) {
    assignment[member.id] = [];
  }
  return assignment;
}

/** Every topic some member subscribes to, sorted. */
function subscribedTopics(members: readonly GroupMember[]): string[] {
  const topics = new Set<string>();
  for (const member of members) for (const topic of member.topics) topics.add(topic);
  return [...topics].sort(compareStrings);
}

function sortLists(assignment: Assignment): Assignment {
  for (const id of Object.keys(assignment)) assignment[id].sort(compareTopicPartitions);
  return assignment;
}

/**
 * Kafka's `RangeAssignor`: per topic, the partitions in order are cut into contiguous ranges, one
 * per subscribed member in member order; the first `partitions % members` members get one extra.
 * With several topics the same members get the extras every time, which is why co-partitioned
 * topics land together (and why the range assignor is unbalanced with many topics).
 */
export function rangeAssign(
  members: readonly GroupMember[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  checkInput(members, partitionsPerTopic);
  const assignment = emptyAssignment(members);
  for (const topic of subscribedTopics(members)) {
    const consumers = members.filter((m) => m.topics.includes(topic)).sort(compareMembers);
    const numPartitions = partitionCount(partitionsPerTopic, topic);
    const perConsumer = Math.floor(numPartitions / consumers.length);
    const withExtra = numPartitions % consumers.length;
    for (let i = 0; i < consumers.length; i++) {
      const start = perConsumer * i + Math.min(i, withExtra);
      const length = perConsumer + (i < withExtra ? 1 : 0);
      for (let p = start; p < start + length; p++) {
        assignment[consumers[i].id].push({ topic, partition: p });
      }
    }
  }
  return sortLists(assignment);
}

/**
 * Kafka's `RoundRobinAssignor`: all partitions of all subscribed topics, sorted, dealt to the
 * members in member order like cards, skipping a member not subscribed to that partition's topic.
 * Balanced when subscriptions are identical; can be badly unbalanced when they differ.
 */
export function roundRobinAssign(
  members: readonly GroupMember[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  checkInput(members, partitionsPerTopic);
  const assignment = emptyAssignment(members);
  const ordered = [...members].sort(compareMembers);
  let next = 0;
  for (const topic of subscribedTopics(members)) {
    const numPartitions = partitionCount(partitionsPerTopic, topic);
    for (let partition = 0; partition < numPartitions; partition++) {
      // Some member subscribes to `topic` (it came from the subscriptions), so this ends.
      while (!ordered[next].topics.includes(topic)) next = (next + 1) % ordered.length;
      assignment[ordered[next].id].push({ topic, partition });
      next = (next + 1) % ordered.length;
    }
  }
  return assignment;
}

/** Java's `String.hashCode`. */
function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * The order in which a `java.util.HashMap<String, ?>` filled with `keys` (in this order) iterates
 * them: by bucket `(h ^ h >>> 16) & (capacity - 1)`, then by insertion. Kafka's sticky assignor
 * walks its members in this order when it decides who keeps which owned partitions, so following
 * it reproduces Kafka's own test expectations. (Ignores tree bins, which need 8 collisions in
 * one bucket of a table of 64 or more.)
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > (capacity * 3) / 4) capacity *= 2;
  return keys
    .map((key, index) => {
      const h = javaStringHash(key);
      return { key, index, bucket: (h ^ (h >>> 16)) & (capacity - 1) };
    })
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.key);
}

/** What the sticky assignor starts from: each member's valid previous partitions. */
interface Ownership {
  /** Member id → partitions it owned that still exist and that it still subscribes to. */
  readonly owned: Map<string, TopicPartition[]>;
  /** Partitions claimed by more than one current member (tpKey); nobody keeps them. */
  readonly doublyClaimed: Set<string>;
  /** tpKey → the current members whose previous assignment listed it (valid or not). */
  readonly claimants: Map<string, string[]>;
}

function ownership(
  members: readonly GroupMember[],
  partitionsPerTopic: Readonly<Record<string, number>>,
  previous: Readonly<Record<string, readonly TopicPartition[]>>,
): Ownership {
  const owned = new Map<string, TopicPartition[]>();
  const doublyClaimed = new Set<string>();
  const claimants = new Map<string, string[]>();
  const ownerOf = new Map<string, string>();
  for (const member of [...members].sort((a, b) => compareStrings(a.id, b.id))) {
    const mine: TopicPartition[] = [];
    owned.set(member.id, mine);
    const claimed = Object.hasOwn(previous, member.id) ? previous[member.id] : [];
    for (const tp of claimed) {
      const key = tpKey(tp.topic, tp.partition);
      claimants.set(key, [...(claimants.get(key) ?? []), member.id]);
      const exists =
        tp.partition >= 0 && tp.partition < partitionCount(partitionsPerTopic, tp.topic);
      if (!exists || !member.topics.includes(tp.topic)) continue;
      const other = ownerOf.get(key);
      if (other === undefined) {
        mine.push({ topic: tp.topic, partition: tp.partition });
        ownerOf.set(key, member.id);
      } else {
        // Two members of the same generation claim it: neither keeps it (Kafka logs an error).
        doublyClaimed.add(key);
        owned.set(
          other,
          (owned.get(other) ?? []).filter((o) => tpKey(o.topic, o.partition) !== key),
        );
      }
    }
  }
  return { owned, doublyClaimed, claimants };
}

function allSubscriptionsEqual(members: readonly GroupMember[]): boolean {
  const first = new Set(members[0]?.topics ?? []);
  return members.every((m) => {
    const topics = new Set(m.topics);
    return topics.size === first.size && [...topics].every((t) => first.has(t));
  });
}

/** All partitions of these topics, sorted by topic then partition. */
function allPartitions(
  topics: readonly string[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const topic of [...topics].sort(compareStrings)) {
    const n = partitionCount(partitionsPerTopic, topic);
    for (let partition = 0; partition < n; partition++) out.push({ topic, partition });
  }
  return out;
}

/** Kafka's sort of a member's owned partitions before it keeps a quota of them. */
function byPartitionThenTopic(a: TopicPartition, b: TopicPartition): number {
  return a.partition - b.partition || compareStrings(a.topic, b.topic);
}

interface Quotas {
  readonly minQuota: number;
  readonly maxQuota: number;
  /** How many members end with maxQuota (0 when the partitions divide evenly). */
  readonly expectedOver: number;
}

/**
 * Kafka's `ConstrainedAssignmentBuilder` (all members subscribe to the same topics), without the
 * rack-aware step: members keep owned partitions up to their quota, then the rest are dealt round
 * robin, first to members under `minQuota`, then to those that may still reach `maxQuota`.
 */
function constrainedAssign(
  memberIds: readonly string[],
  partitions: readonly TopicPartition[],
  owned: Map<string, TopicPartition[]>,
): Map<string, TopicPartition[]> {
  const total = partitions.length;
  const n = memberIds.length;
  const quotas: Quotas = {
    minQuota: Math.floor(total / n),
    maxQuota: Math.floor(total / n) + (total % n === 0 ? 0 : 1),
    expectedOver: total % n,
  };
  const assignment = new Map<string, TopicPartition[]>(memberIds.map((id) => [id, []]));
  const { underMin, exactMin } = keepOwned(memberIds, owned, quotas, assignment);
  const taken = new Set<string>();
  for (const list of assignment.values())
    for (const tp of list) taken.add(tpKey(tp.topic, tp.partition));
  const unassigned = partitions.filter((tp) => !taken.has(tpKey(tp.topic, tp.partition)));
  underMin.sort(compareStrings);
  exactMin.sort(compareStrings);
  dealRoundRobin(unassigned, quotas.minQuota, assignment, underMin, exactMin);
  return assignment;
}

/** Step 1 of the constrained builder: each member keeps up to its quota of what it owned. */
function keepOwned(
  memberIds: readonly string[],
  owned: Map<string, TopicPartition[]>,
  { minQuota, maxQuota, expectedOver }: Quotas,
  assignment: Map<string, TopicPartition[]>,
): { underMin: string[]; exactMin: string[] } {
  const underMin: string[] = [];
  let exactMin: string[] = [];
  let currentOver = 0;
  for (const id of javaHashMapOrder(memberIds)) {
    const mine = [...(owned.get(id) ?? [])].sort(byPartitionThenTopic);
    const list = assignment.get(id) as TopicPartition[];
    if (mine.length < minQuota) {
      list.push(...mine);
      underMin.push(id);
    } else if (mine.length >= maxQuota && currentOver < expectedOver) {
      currentOver++;
      if (currentOver === expectedOver) exactMin = [];
      list.push(...mine.slice(0, maxQuota));
    } else {
      list.push(...mine.slice(0, minQuota));
      if (currentOver < expectedOver) exactMin.push(id);
    }
  }
  return { underMin, exactMin };
}

/** Step 3 of the constrained builder: deal the unassigned partitions round robin. */
function dealRoundRobin(
  unassigned: readonly TopicPartition[],
  minQuota: number,
  assignment: Map<string, TopicPartition[]>,
  underMin: string[],
  exactMin: string[],
): void {
  let cursor = 0;
  for (const tp of unassigned) {
    let id: string;
    let fromUnder = true;
    if (cursor < underMin.length) id = underMin[cursor++];
    else if (underMin.length > 0) {
      cursor = 0;
      id = underMin[cursor++];
    } else if (exactMin.length > 0) {
      id = exactMin.shift() as string;
      fromUnder = false;
    } else {
      throw new Error('Sticky assignor: no member left to take a partition (a bug)');
    }
    const list = assignment.get(id) as TopicPartition[];
    list.push(tp);
    // A member that reaches minQuota may still take one more, once everyone has minQuota.
    if (list.length === minQuota && fromUnder) {
      underMin.splice(--cursor, 1);
      exactMin.push(id);
    }
  }
}

/**
 * The general case (members subscribe to different topics). A simplification of Kafka's
 * `GeneralAssignmentBuilder`: keep owned partitions, give each unassigned partition (fewest
 * possible consumers first) to the subscribed member with the fewest partitions, then move
 * partitions from a member to a subscribed member holding at least two fewer until no such move
 * exists, moving newly given partitions before owned ones. The result meets the validity and
 * balance conditions Kafka's tests check, but may pick different partitions than Kafka would.
 */
function generalAssign(
  members: readonly GroupMember[],
  partitions: readonly TopicPartition[],
  owned: Map<string, TopicPartition[]>,
): Map<string, TopicPartition[]> {
  const ordered = [...members].sort((a, b) => compareStrings(a.id, b.id));
  const assignment = new Map<string, TopicPartition[]>(
    ordered.map((m) => [m.id, [...(owned.get(m.id) ?? [])]]),
  );
  const eligible = (topic: string) => ordered.filter((m) => m.topics.includes(topic));
  const fewest = (candidates: readonly GroupMember[]) =>
    candidates.reduce((best, m) =>
      (assignment.get(m.id)?.length ?? 0) < (assignment.get(best.id)?.length ?? 0) ? m : best,
    );
  const taken = new Set<string>();
  for (const list of assignment.values())
    for (const tp of list) taken.add(tpKey(tp.topic, tp.partition));
  const unassigned = partitions
    .filter((tp) => !taken.has(tpKey(tp.topic, tp.partition)))
    .map((tp) => ({ tp, consumers: eligible(tp.topic) }))
    .sort((a, b) => a.consumers.length - b.consumers.length || compareTopicPartitions(a.tp, b.tp));
  for (const { tp, consumers } of unassigned) {
    if (consumers.length > 0) assignment.get(fewest(consumers).id)?.push(tp);
  }
  while (moveOne(ordered, assignment, owned, eligible, fewest)) {
    // Each move lowers the sum of squared counts, so this loop ends.
  }
  return assignment;
}

/** Makes one balancing move if one exists; returns whether it did. */
function moveOne(
  ordered: readonly GroupMember[],
  assignment: Map<string, TopicPartition[]>,
  owned: Map<string, TopicPartition[]>,
  eligible: (topic: string) => GroupMember[],
  fewest: (candidates: readonly GroupMember[]) => GroupMember,
): boolean {
  const count = (id: string) => assignment.get(id)?.length ?? 0;
  const byLoad = [...ordered].sort(
    (a, b) => count(b.id) - count(a.id) || compareStrings(a.id, b.id),
  );
  for (const from of byLoad) {
    const ownedKeys = new Set(
      (owned.get(from.id) ?? []).map((tp) => tpKey(tp.topic, tp.partition)),
    );
    const isOwned = (tp: TopicPartition) => (ownedKeys.has(tpKey(tp.topic, tp.partition)) ? 1 : 0);
    const candidates = [...(assignment.get(from.id) ?? [])].sort(
      (a, b) => isOwned(a) - isOwned(b) || compareTopicPartitions(a, b),
    );
    for (const tp of candidates) {
      const others = eligible(tp.topic).filter((m) => m.id !== from.id);
      if (others.length === 0) continue;
      const to = fewest(others);
      if (count(from.id) - count(to.id) < 2) continue;
      const list = assignment.get(from.id) as TopicPartition[];
      list.splice(list.indexOf(tp), 1);
      assignment.get(to.id)?.push(tp);
      return true;
    }
  }
  return false;
}

/** The sticky plan and the partitions in it that change owner (tpKey → new owner). */
export interface StickyPlan {
  /** Balanced, with as many partitions kept by their previous owner as balance allows. */
  readonly assignment: Assignment;
  /** Partitions given to a member while another current member still owns (or claims) them. */
  readonly transferring: Map<string, string>;
}

/**
 * The sticky assignment itself (Kafka's `AbstractStickyAssignor`, as the eager `StickyAssignor`
 * returns it). Previous owners that are no longer members are taken to have stopped: their
 * partitions are free at once.
 */
export function stickyAssign(
  members: readonly GroupMember[],
  partitionsPerTopic: Readonly<Record<string, number>>,
  previous: Readonly<Record<string, readonly TopicPartition[]>> = {},
): StickyPlan {
  checkInput(members, partitionsPerTopic);
  const result = emptyAssignment(members);
  const transferring = new Map<string, string>();
  if (members.length === 0) return { assignment: result, transferring };
  const { owned, claimants } = ownership(members, partitionsPerTopic, previous);
  const partitions = allPartitions(subscribedTopics(members), partitionsPerTopic);
  const ids = members.map((m) => m.id).sort(compareStrings);
  const plan = allSubscriptionsEqual(members)
    ? constrainedAssign(ids, partitions, owned)
    : generalAssign(members, partitions, owned);
  for (const id of ids) {
    const kept = new Set((owned.get(id) ?? []).map((tp) => tpKey(tp.topic, tp.partition)));
    for (const tp of plan.get(id) ?? []) {
      result[id].push(tp);
      const key = tpKey(tp.topic, tp.partition);
      // A partition that goes back to its own previous owner stays put (Kafka's constrained
      // builder would withhold it for one round when the owner had first given it up).
      if (kept.has(key)) continue;
      // Another member listed it (or it was claimed twice): it must be revoked there first.
      if (claimants.has(key)) transferring.set(key, id);
    }
  }
  return { assignment: sortLists(result), transferring };
}

/**
 * Kafka's `CooperativeStickyAssignor`: the sticky plan, minus every partition that is changing
 * owner. Under the cooperative protocol a member keeps consuming what it still owns during a
 * rebalance; the previous owner of a moving partition sees it missing from its new assignment,
 * revokes it (commits, calls `onPartitionsRevoked`) and rejoins at once, and in that second
 * rebalance the partition, now owned by nobody, goes to its new owner. Two phases, and no
 * partition is ever owned by two members at the same time.
 */
export function cooperativeStickyAssign(
  members: readonly GroupMember[],
  partitionsPerTopic: Readonly<Record<string, number>>,
  previous: Readonly<Record<string, readonly TopicPartition[]>> = {},
): Assignment {
  const { assignment, transferring } = stickyAssign(members, partitionsPerTopic, previous);
  for (const [key, id] of transferring) {
    assignment[id] = assignment[id].filter((tp) => tpKey(tp.topic, tp.partition) !== key);
  }
  return assignment;
}

/** The built-in assignors by name. */
export const assignors: Readonly<Record<AssignorName, Assignor>> = {
  range: { name: 'range', protocol: 'eager', assign: (m, p) => rangeAssign(m, p) },
  roundrobin: { name: 'roundrobin', protocol: 'eager', assign: (m, p) => roundRobinAssign(m, p) },
  'cooperative-sticky': {
    name: 'cooperative-sticky',
    protocol: 'cooperative',
    assign: (m, p, previous) => cooperativeStickyAssign(m, p, previous),
  },
};

/** Runs the named assignor. */
export function assignPartitions(
  name: AssignorName,
  members: readonly GroupMember[],
  partitionsPerTopic: Readonly<Record<string, number>>,
  previous?: Readonly<Record<string, readonly TopicPartition[]>>,
): Assignment {
  const assignor = assignors[name];
  if (assignor === undefined) throw new Error(`Unknown assignor "${String(name)}"`);
  return assignor.assign(members, partitionsPerTopic, previous);
}

/**
 * What each member must revoke when it moves from `previous` to `next`. Eager: everything it
 * owned (it gives all up before rejoining). Cooperative: only what it no longer has; a non-empty
 * result means those members rejoin at once, triggering the second, follow-up rebalance.
 */
export function revocations(
  protocol: RebalanceProtocol,
  previous: Readonly<Record<string, readonly TopicPartition[]>>,
  next: Readonly<Assignment>,
): Assignment {
  const revoked: Assignment = {};
  for (const id of Object.keys(previous).sort(compareStrings)) {
    const keep = new Set(
      protocol === 'eager' ? [] : (next[id] ?? []).map((tp) => tpKey(tp.topic, tp.partition)),
    );
    const lost = previous[id].filter((tp) => !keep.has(tpKey(tp.topic, tp.partition)));
    if (lost.length > 0) revoked[id] = [...lost].sort(compareTopicPartitions);
  }
  return revoked;
}
