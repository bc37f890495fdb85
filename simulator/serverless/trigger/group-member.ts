import type { TopicPartition } from '../../core/types.ts';
import type { ActorContext, Message } from '../../core/world.ts';
import type * as P from '../../log/protocol.ts';
import { BROKER_ID } from '../../log/protocol.ts';

/** Where a partition starts after an assignment. */
export interface Position {
  topic: string;
  partition: number;
  offset: number;
  from: 'committed' | 'earliest' | 'latest';
}

export interface GroupMemberOptions {
  /** The member id (the actor id) and the group it joins. */
  member: string;
  group: string;
  topics: string[];
  startFrom: 'earliest' | 'latest';
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  requestTimeoutMs: number;
  /** Called with the start position of every assigned partition once they are known. */
  assigned(positions: Position[], ctx: ActorContext): void;
  /** Called when the member gives up its partitions to rejoin. */
  revoked(ctx: ActorContext): void;
}

/**
 * The consumer-group half of an event source mapping's poller: join the group, heartbeat, fetch
 * the committed offsets of what it is given (or start from the configured position), commit. It is
 * the same protocol the log's `Consumer` speaks (eager rebalancing; the member id is the actor id),
 * without that consumer's processing loop.
 */
export class GroupMember {
  generation = -1;
  assignment: TopicPartition[] = [];
  private phase: 'joining' | 'positioning' | 'member' = 'joining';
  private heartbeatTimer: number | null = null;
  private requestTimer: number | null = null;
  private nextCommitId = 1;

  constructor(private readonly options: GroupMemberOptions) {}

  get isMember(): boolean {
    return this.phase === 'member';
  }

  reset(): void {
    this.generation = -1;
    this.assignment = [];
    this.phase = 'joining';
    this.heartbeatTimer = null;
    this.requestTimer = null;
  }

  join(ctx: ActorContext): void {
    if (this.phase === 'member' && this.assignment.length > 0) this.options.revoked(ctx);
    this.phase = 'joining';
    const o = this.options;
    this.request(
      ctx,
      {
        kind: 'JoinGroup',
        group: o.group,
        member: o.member,
        topics: o.topics,
        assignor: 'range',
        sessionTimeoutMs: o.sessionTimeoutMs,
        owned: this.assignment,
      } satisfies P.JoinGroupRequest,
      o.sessionTimeoutMs * 2,
    );
    this.assignment = [];
    if (this.heartbeatTimer === null)
      this.heartbeatTimer = ctx.setTimer(o.heartbeatIntervalMs, 'group.heartbeat');
  }

  /** Commit offsets (next offset to read) for the current generation; a refusal means rejoin. */
  commit(offsets: { topic: string; partition: number; offset: number }[], ctx: ActorContext): void {
    if (this.phase !== 'member' || offsets.length === 0) return;
    ctx.send(BROKER_ID, {
      kind: 'OffsetCommit',
      requestId: this.nextCommitId++,
      group: this.options.group,
      member: this.options.member,
      generation: this.generation,
      offsets,
    } satisfies P.OffsetCommitRequest);
  }

  /** Handle a group message; false if it is not one. */
  onMessage(message: Message, ctx: ActorContext): boolean {
    const response = message as P.BrokerResponse;
    switch (response.kind) {
      case 'JoinGroupResponse':
        this.onJoined(response, ctx);
        return true;
      case 'OffsetFetchResponse':
        this.onOffsets(response, ctx);
        return true;
      case 'HeartbeatResponse':
        if (response.error !== null && this.phase === 'member') this.join(ctx);
        return true;
      case 'OffsetCommitResponse':
        if (response.error !== null && this.phase === 'member') this.join(ctx);
        return true;
      default:
        return false;
    }
  }

  /** Handle a group timer; false if it is not one. */
  onTimer(name: string, ctx: ActorContext): boolean {
    if (name === 'group.heartbeat') {
      this.heartbeatTimer = ctx.setTimer(this.options.heartbeatIntervalMs, 'group.heartbeat');
      if (this.phase === 'member') {
        ctx.send(BROKER_ID, {
          kind: 'Heartbeat',
          group: this.options.group,
          member: this.options.member,
          generation: this.generation,
        } satisfies P.HeartbeatRequest);
      }
      return true;
    }
    if (name === 'group.requestTimeout') {
      // The broker did not answer a join or an offset fetch: start over.
      this.requestTimer = null;
      this.join(ctx);
      return true;
    }
    return false;
  }

  private onJoined(response: P.JoinGroupResponse, ctx: ActorContext): void {
    if (this.phase !== 'joining') return;
    this.settle(ctx);
    if (response.error !== null) return this.join(ctx);
    this.generation = response.generation;
    this.assignment = response.assignment;
    this.phase = 'positioning';
    if (this.assignment.length === 0) {
      this.phase = 'member';
      return this.options.assigned([], ctx);
    }
    this.request(
      ctx,
      {
        kind: 'OffsetFetch',
        group: this.options.group,
        partitions: this.assignment,
      } satisfies P.OffsetFetchRequest,
      this.options.requestTimeoutMs,
    );
  }

  private onOffsets(response: P.OffsetFetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'positioning') return;
    this.settle(ctx);
    this.phase = 'member';
    const positions = response.partitions.map((p): Position => {
      if (p.committed >= 0)
        return { topic: p.topic, partition: p.partition, offset: p.committed, from: 'committed' };
      const from = this.options.startFrom;
      return {
        topic: p.topic,
        partition: p.partition,
        offset: from === 'earliest' ? p.logStartOffset : p.logEndOffset,
        from,
      };
    });
    this.options.assigned(positions, ctx);
  }

  private request<M extends Message>(ctx: ActorContext, message: M, timeoutMs: number): void {
    if (this.requestTimer !== null) ctx.cancelTimer(this.requestTimer);
    ctx.send(BROKER_ID, message);
    this.requestTimer = ctx.setTimer(timeoutMs, 'group.requestTimeout');
  }

  private settle(ctx: ActorContext): void {
    if (this.requestTimer !== null) ctx.cancelTimer(this.requestTimer);
    this.requestTimer = null;
  }
}
