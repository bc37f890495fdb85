import type { ActorContext } from '../core/world.ts';
import type { TopicPartition } from '../core/types.ts';
import type { KafkaError } from './protocol.ts';
import { assignPartitions, type AssignorName } from './assignors.ts';

/** One member as the coordinator knows it. */
interface Member {
  id: string;
  topics: string[];
  assignor: string;
  sessionTimeoutMs: number;
  lastHeardMs: number;
  /** Joined the rebalance in progress (sent JoinGroup since it started). */
  joined: boolean;
  owned: TopicPartition[];
}

/** Kafka's group states (GroupState), minus Dead. */
type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

interface Group {
  id: string;
  state: GroupState;
  generation: number;
  members: Map<string, Member>;
  assignment: Map<string, TopicPartition[]>;
  rebalanceTimer: number | null;
  /** In group.initial.rebalance.delay.ms: wait the whole delay even if everyone known has joined. */
  waitFullDelay: boolean;
}

export interface GroupBrokerServices {
  partitionCount(topic: string): number | undefined;
  respond(
    member: string,
    generation: number,
    assignment: TopicPartition[],
    error: KafkaError | null,
  ): void;
}

/**
 * The group coordinator: membership, generations and rebalances of consumer groups (the classic
 * protocol). A new member, a leaving member or a member whose session expired starts a rebalance;
 * the coordinator waits for every known member to rejoin (up to the longest session timeout),
 * drops the ones that did not, runs the assignor and answers each member with its partitions.
 *
 * Simplifications: JoinGroup and SyncGroup are one round trip and the coordinator runs the assignor
 * (Kafka asks the group leader to); group membership is in memory and lost when the broker crashes,
 * while committed offsets (in `__consumer_offsets`) are durable.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly broker: GroupBrokerServices,
    /** group.initial.rebalance.delay.ms: members that start together land in one generation. */
    private readonly initialRebalanceDelayMs: number,
  ) {}

  /** Forget memberships (a broker crash); committed offsets live elsewhere and survive. */
  reset(): void {
    this.groups.clear();
  }

  join(
    request: {
      group: string;
      member: string;
      topics: string[];
      assignor: string;
      sessionTimeoutMs: number;
      owned: TopicPartition[];
    },
    ctx: ActorContext,
  ): void {
    const group = this.group(request.group);
    let member = group.members.get(request.member);
    const isNew = !member;
    if (!member) {
      member = { ...request, id: request.member, lastHeardMs: ctx.now, joined: false };
      group.members.set(member.id, member);
      ctx.emit({ type: 'member.joined', group: group.id, member: member.id });
    }
    member.topics = request.topics;
    member.owned = request.owned;
    member.lastHeardMs = ctx.now;
    member.joined = true;
    if (group.state !== 'PreparingRebalance') {
      const initial = group.state === 'Empty';
      const reason = isNew ? `${member.id} joined` : `${member.id} rejoined`;
      this.startRebalance(group, reason, member.id, initial, ctx);
    } else if (!group.waitFullDelay && this.everyoneJoined(group)) {
      this.completeRebalance(group, ctx);
    }
  }

  heartbeat(
    groupId: string,
    memberId: string,
    generation: number,
    ctx: ActorContext,
  ): KafkaError | null {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return 'UNKNOWN_MEMBER_ID';
    member.lastHeardMs = ctx.now;
    if (group.state === 'PreparingRebalance') return 'REBALANCE_IN_PROGRESS';
    if (generation !== group.generation) return 'ILLEGAL_GENERATION';
    return null;
  }

  leave(groupId: string, memberId: string, ctx: ActorContext): void {
    const group = this.groups.get(groupId);
    if (!group || !group.members.has(memberId)) return;
    this.removeMember(group, memberId, 'leave', ctx);
  }

  /** May this member commit offsets for this generation? (Kafka's CommitFailedException cases.) */
  checkCommit(groupId: string, memberId: string, generation: number): KafkaError | null {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return 'UNKNOWN_MEMBER_ID';
    if (generation !== group.generation) return 'ILLEGAL_GENERATION';
    if (group.state === 'CompletingRebalance') return 'REBALANCE_IN_PROGRESS';
    return null;
  }

  /**
   * Expire members whose session timed out (called periodically by the broker). A member waiting
   * for its JoinGroup answer sends no heartbeats and is not expired (Kafka's
   * MemberMetadata.hasSatisfiedHeartbeat: awaiting join or sync satisfies the heartbeat).
   */
  expireSessions(ctx: ActorContext): void {
    for (const group of this.groups.values()) {
      const rebalancing = group.state === 'PreparingRebalance';
      for (const member of [...group.members.values()]) {
        if (rebalancing && member.joined) continue;
        if (ctx.now - member.lastHeardMs > member.sessionTimeoutMs) {
          this.removeMember(group, member.id, 'sessionTimeout', ctx);
        }
      }
    }
  }

  /** The rebalance timer fired: members that did not rejoin are out. */
  onRebalanceTimeout(groupId: string, ctx: ActorContext): void {
    const group = this.groups.get(groupId);
    if (!group || group.state !== 'PreparingRebalance') return;
    group.rebalanceTimer = null;
    group.waitFullDelay = false;
    for (const member of [...group.members.values()]) {
      if (!member.joined) {
        group.members.delete(member.id);
        ctx.emit({
          type: 'member.left',
          group: group.id,
          member: member.id,
          reason: 'sessionTimeout',
        });
      }
    }
    this.completeRebalance(group, ctx);
  }

  private removeMember(
    group: Group,
    memberId: string,
    reason: 'leave' | 'sessionTimeout',
    ctx: ActorContext,
  ): void {
    group.members.delete(memberId);
    ctx.emit({ type: 'member.left', group: group.id, member: memberId, reason });
    if (group.members.size === 0) {
      if (group.rebalanceTimer !== null) ctx.cancelTimer(group.rebalanceTimer);
      group.rebalanceTimer = null;
      group.state = 'Empty';
      group.assignment = new Map();
      return;
    }
    if (group.state === 'PreparingRebalance') {
      if (!group.waitFullDelay && this.everyoneJoined(group)) this.completeRebalance(group, ctx);
    } else {
      this.startRebalance(group, `${memberId} left (${reason})`, null, false, ctx);
    }
  }

  /** Begin a rebalance; `joinedMember` (if any) is the member whose JoinGroup started it. */
  private startRebalance(
    group: Group,
    reason: string,
    joinedMember: string | null,
    initial: boolean,
    ctx: ActorContext,
  ): void {
    group.state = 'PreparingRebalance';
    // The generation moves on only when the rebalance completes (Kafka's initNextGeneration): until
    // then members may still commit with the current one, as Kafka allows in PreparingRebalance.
    group.waitFullDelay = initial;
    for (const member of group.members.values()) member.joined = member.id === joinedMember;
    ctx.emit({
      type: 'rebalance.started',
      group: group.id,
      generation: group.generation + 1,
      reason,
    });
    if (group.rebalanceTimer !== null) ctx.cancelTimer(group.rebalanceTimer);
    const delayMs = initial ? this.initialRebalanceDelayMs : this.rebalanceTimeout(group);
    group.rebalanceTimer = ctx.setTimer(delayMs, 'rebalanceTimeout', group.id);
    if (!initial && this.everyoneJoined(group)) this.completeRebalance(group, ctx);
  }

  private completeRebalance(group: Group, ctx: ActorContext): void {
    if (group.rebalanceTimer !== null) ctx.cancelTimer(group.rebalanceTimer);
    group.rebalanceTimer = null;
    const members = [...group.members.values()].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    const assignorName = (members[0]?.assignor ?? 'range') as AssignorName;
    const partitionsPerTopic: Record<string, number> = {};
    for (const m of members) {
      for (const topic of m.topics)
        partitionsPerTopic[topic] = this.broker.partitionCount(topic) ?? 0;
    }
    const previous: Record<string, TopicPartition[]> = {};
    for (const m of members) previous[m.id] = m.owned;
    const assignment = assignPartitions(
      assignorName,
      members.map((m) => ({ id: m.id, topics: m.topics })),
      partitionsPerTopic,
      previous,
    );
    group.assignment = new Map(members.map((m) => [m.id, assignment[m.id] ?? []]));
    group.generation++;
    group.state = 'Stable';
    const plain: Record<string, TopicPartition[]> = {};
    for (const m of members) plain[m.id] = group.assignment.get(m.id)!;
    ctx.emit({
      type: 'rebalance.completed',
      group: group.id,
      generation: group.generation,
      assignor: assignorName,
      assignment: plain,
    });
    for (const m of members) {
      this.broker.respond(m.id, group.generation, plain[m.id], null);
      // The answer starts a fresh session (GroupCoordinator.onCompleteJoin schedules the next
      // heartbeat expiration for every member).
      m.lastHeardMs = ctx.now;
    }
  }

  private everyoneJoined(group: Group): boolean {
    for (const m of group.members.values()) if (!m.joined) return false;
    return true;
  }

  private rebalanceTimeout(group: Group): number {
    let longest = 0;
    for (const m of group.members.values()) longest = Math.max(longest, m.sessionTimeoutMs);
    return longest;
  }

  private group(id: string): Group {
    let group = this.groups.get(id);
    if (!group) {
      group = {
        id,
        state: 'Empty',
        generation: 0,
        members: new Map(),
        assignment: new Map(),
        rebalanceTimer: null,
        waitFullDelay: false,
      };
      this.groups.set(id, group);
    }
    return group;
  }
}
