import type { ActorContext } from '../core/world.ts';
import type { TopicPartition } from '../core/types.ts';
import { tpKey } from '../core/types.ts';
import type * as P from './protocol.ts';
import { BROKER_ID } from './protocol.ts';
import { assignors, type AssignorName } from './assignors.ts';

/** What a member's membership needs of its consumer's configuration. */
export interface MembershipConfig {
  group: string;
  topics: string[];
  assignor: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

/**
 * A consumer's membership of its group: its generation and assignment, the heartbeats sent beside
 * the poll loop (as the Java client's background thread does), and, under the cooperative
 * protocol, the JoinGroup sent beside the loop and its answer, applied at the next poll
 * (ConsumerCoordinator.onJoinComplete runs inside poll()). The consumer owns the loop and its
 * positions; this owns what the group said.
 */
export class Membership {
  generation = -1;
  assignment: TopicPartition[] = [];
  /** The group asked for a rejoin (a heartbeat's error, a revocation): done at the next poll. */
  rejoinNeeded = false;
  /** Cooperative: the answer to the background JoinGroup, applied at the next poll. */
  joinResult: P.JoinGroupResponse | null = null;
  private heartbeatTimer: number | null = null;
  /** Cooperative: a JoinGroup sent beside the poll loop, and its timeout timer. */
  private backgroundJoinTimer: number | null = null;

  constructor(
    private readonly member: string,
    private readonly config: MembershipConfig,
  ) {}

  /** A crash: everything is forgotten (its timers die with the actor). */
  reset(): void {
    this.generation = -1;
    this.assignment = [];
    this.rejoinNeeded = false;
    this.heartbeatTimer = null;
    this.backgroundJoinTimer = null;
    this.joinResult = null;
  }

  get cooperative(): boolean {
    return assignors[this.config.assignor as AssignorName]?.protocol === 'cooperative';
  }

  /** A JoinGroup is out: in the foreground (eager, `joiningInForeground`), or beside the poll loop. */
  joining(joiningInForeground: boolean): boolean {
    return joiningInForeground || this.backgroundJoinTimer !== null || this.joinResult !== null;
  }

  joinRequest(owned: TopicPartition[]): P.JoinGroupRequest {
    const { group, topics, assignor, sessionTimeoutMs } = this.config;
    return {
      kind: 'JoinGroup',
      group,
      member: this.member,
      topics,
      assignor,
      sessionTimeoutMs,
      owned,
    };
  }

  /** A foreground join is starting: no rejoin is pending, and no background one any more. */
  startForegroundJoin(ctx: ActorContext): void {
    this.rejoinNeeded = false;
    if (this.backgroundJoinTimer !== null) ctx.cancelTimer(this.backgroundJoinTimer);
    this.backgroundJoinTimer = null;
    this.joinResult = null;
  }

  /** Heartbeats start with the first join and go on beside the loop. */
  ensureHeartbeats(ctx: ActorContext): void {
    if (this.heartbeatTimer === null)
      this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
  }

  heartbeat(ctx: ActorContext, joiningInForeground: boolean): void {
    this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
    if (this.generation < 0 || this.joining(joiningInForeground)) return;
    ctx.send(BROKER_ID, {
      kind: 'Heartbeat',
      group: this.config.group,
      member: this.member,
      generation: this.generation,
    } satisfies P.HeartbeatRequest);
  }

  onHeartbeatResponse(response: P.HeartbeatResponse, joiningInForeground: boolean): void {
    // An error answering a heartbeat sent before the join now under way is stale: Kafka's
    // client ignores it too (a needless second rebalance otherwise).
    if (response.error === null || this.joining(joiningInForeground)) return;
    this.rejoinNeeded = true;
    // Only a rebalance lets a member keep what it owns; otherwise its membership is gone.
    if (response.error !== 'REBALANCE_IN_PROGRESS') this.generation = -1;
  }

  /**
   * Cooperative rejoin: send JoinGroup with what the member owns and go on consuming it. The
   * answer waits for the next poll (onBackgroundJoined, applyJoin).
   */
  joinInBackground(ctx: ActorContext): void {
    this.rejoinNeeded = false;
    ctx.send(BROKER_ID, this.joinRequest(this.assignment));
    this.backgroundJoinTimer = ctx.setTimer(
      this.config.sessionTimeoutMs * 2,
      'backgroundJoinTimeout',
    );
  }

  /** Whether a JoinGroup answer belongs to the background join. */
  get joiningInBackground(): boolean {
    return this.backgroundJoinTimer !== null;
  }

  onBackgroundJoined(response: P.JoinGroupResponse, ctx: ActorContext): void {
    ctx.cancelTimer(this.backgroundJoinTimer!);
    this.backgroundJoinTimer = null;
    this.joinResult = response;
    // The new generation counts at once: commits from now on (the ones that hand over revoked
    // partitions included, as onPartitionsRevoked's) carry it.
    this.generation = response.generation;
  }

  /** No answer to the background JoinGroup: rejoin from scratch, owning nothing. */
  onBackgroundJoinTimeout(): void {
    if (this.backgroundJoinTimer === null) return;
    this.backgroundJoinTimer = null;
    this.generation = -1;
    this.rejoinNeeded = true;
  }

  /**
   * Apply a cooperative assignment (ConsumerCoordinator.onJoinComplete): give up the partitions
   * it no longer lists (and their positions), rejoin at once if there were any, keep consuming the
   * rest from where the member is; returns the partitions it adds, whose committed offsets the
   * member must look up.
   */
  applyJoin(positions: Map<string, number>): TopicPartition[] {
    const response = this.joinResult!;
    this.joinResult = null;
    const next = new Set(response.assignment.map((tp) => tpKey(tp.topic, tp.partition)));
    const owned = new Set(this.assignment.map((tp) => tpKey(tp.topic, tp.partition)));
    const revoked = this.assignment.filter((tp) => !next.has(tpKey(tp.topic, tp.partition)));
    for (const tp of revoked) positions.delete(tpKey(tp.topic, tp.partition));
    this.assignment = response.assignment;
    if (revoked.length > 0) this.rejoinNeeded = true;
    return response.assignment.filter((tp) => !owned.has(tpKey(tp.topic, tp.partition)));
  }

  /** The consumer closes: its timers stop, and it tells the group it leaves. */
  leave(ctx: ActorContext): void {
    for (const timer of [this.heartbeatTimer, this.backgroundJoinTimer]) {
      if (timer !== null) ctx.cancelTimer(timer);
    }
    ctx.send(BROKER_ID, {
      kind: 'LeaveGroup',
      group: this.config.group,
      member: this.member,
    } satisfies P.LeaveGroupRequest);
  }
}
