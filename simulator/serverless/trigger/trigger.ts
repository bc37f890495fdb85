import type { Headers, SimRecord } from '../../core/types.ts';
import { tpKey } from '../../core/types.ts';
import type { Actor, ActorContext, Message } from '../../core/world.ts';
import { partitionForKey } from '../../log/partitioner.ts';
import type * as P from '../../log/protocol.ts';
import { BROKER_ID } from '../../log/protocol.ts';
import { actorKind, emitServerless } from '../events.ts';
import type { BatchRecord, InvokeRequest, InvokeResponse } from '../protocol.ts';
import type { TriggerSpec } from '../schema.ts';
import { GroupMember, type Position } from './group-member.ts';
import { PartitionState, type Lane, type TriggerBatch } from './lanes.ts';
import { readBatchOutcome } from './batch-response.ts';
import { decide, splitExpired, type Decision, type RetryPolicy } from './retry-policy.ts';

export interface TriggerConfig {
  /** The mapping id: actor id and consumer group id. */
  id: string;
  spec: TriggerSpec;
  platformId: string;
  /** How long to wait for the platform's answer before counting the invocation as failed. */
  invokeTimeoutMs: number;
  /** The on-failure destination topic and its partition count, or null. */
  destination: { topic: string; partitions: number } | null;
}

/** The poller's group settings (internal to AWS; Kafka's defaults are 45 s and 3 s). */
export const TRIGGER_SESSION_TIMEOUT_MS = 3000;
export const TRIGGER_HEARTBEAT_INTERVAL_MS = 300;
/** How long the poller waits for the broker's answer to a fetch or a produce. */
export const TRIGGER_REQUEST_TIMEOUT_MS = 1000;

const NO_HEADERS: Headers = Object.freeze({});

/** An invocation or a dead-letter write the trigger waits for. */
interface Waiting {
  epoch: number;
  lane: Lane;
  batch: TriggerBatch;
  timer: number;
}

/** A dead-letter write: one produce per destination partition; the lane waits for all of them. */
interface DeadLetter extends Waiting {
  outstanding: number;
}

/**
 * An event source mapping for a Kafka topic: a consumer-group member (group id = the mapping id)
 * that fetches records, cuts them into batches (batch size, batching window), keeps one batch in
 * flight per partition (or per key lane with parallelizationFactor > 1), invokes the function
 * synchronously, and commits a partition's offset only past records that are finished — so a
 * crash anywhere means records are processed again: at least once. Failures follow
 * `retry-policy.ts`; records given up are produced to the on-failure destination topic with their
 * original key, value and id, and headers saying where they came from and why, and only then does
 * the partition move on.
 *
 * Simplifications: a batch holds one partition's records (AWS's Kafka event may mix partitions);
 * parallelizationFactor is Kinesis's and is applied to Kafka partitions here; the poller reads
 * `read_uncommitted` (Kafka's default; AWS does not say); its group timings are fixed (above).
 */
export class EventSourceMapping implements Actor {
  readonly kind = actorKind('trigger');
  readonly id: string;
  private readonly member: GroupMember;
  private readonly policy: RetryPolicy;
  private partitions = new Map<string, PartitionState>();
  private invocations = new Map<number, Waiting>();
  private deadLetters = new Map<number, DeadLetter>();
  private fetching = 0;
  private pollTimer: number | null = null;
  private epoch = 0;
  private nextRequestId = 1;

  constructor(private readonly config: TriggerConfig) {
    this.id = config.id;
    const spec = config.spec;
    this.policy = { ...spec, hasDestination: config.destination !== null };
    this.member = new GroupMember({
      member: config.id,
      group: config.id,
      topics: [spec.topic],
      startFrom: spec.startingPosition === 'LATEST' ? 'latest' : 'earliest',
      sessionTimeoutMs: TRIGGER_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: TRIGGER_HEARTBEAT_INTERVAL_MS,
      requestTimeoutMs: TRIGGER_REQUEST_TIMEOUT_MS,
      assigned: (positions, ctx) => this.onAssigned(positions, ctx),
      revoked: () => this.forgetPartitions(),
    });
  }

  onStart(ctx: ActorContext): void {
    this.member.join(ctx);
  }

  onCrash(): void {
    this.member.reset();
    this.forgetPartitions();
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    if (this.member.onMessage(message, ctx)) return;
    switch (message.kind) {
      case 'FetchResponse':
        return this.onFetched(message as P.FetchResponse, ctx);
      case 'InvokeResponse':
        return this.onInvokeResponse(message as InvokeResponse, ctx);
      case 'ProduceResponse':
        return this.onDeadLetterAck(message as P.ProduceResponse, ctx);
    }
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (this.member.onTimer(name, ctx)) return;
    switch (name) {
      case 'poll':
        this.pollTimer = null;
        return this.fetch(ctx);
      case 'fetchTimeout':
        if (data === this.fetching) {
          this.fetching = 0;
          this.schedulePoll(ctx);
        }
        return;
      case 'window':
        return this.onWindow(data as { epoch: number; lane: Lane }, ctx);
      case 'retry':
        return this.onRetryDue(data as { epoch: number; lane: Lane; batch: TriggerBatch }, ctx);
      case 'invokeTimeout':
        return this.onInvokeTimeout(data as number, ctx);
      case 'deadLetterTimeout':
        return this.resendDeadLetter(
          data as { requestId: number; records: SimRecord[]; partition: number },
          ctx,
        );
    }
  }

  // ── assignment ──────────────────────────────────────────────────────────

  private onAssigned(positions: Position[], ctx: ActorContext): void {
    this.forgetPartitions();
    const lanes = this.config.spec.parallelizationFactor;
    for (const p of positions) {
      this.partitions.set(
        tpKey(p.topic, p.partition),
        new PartitionState(p.topic, p.partition, lanes, p.offset),
      );
      ctx.emit({
        type: 'consumer.positioned',
        consumer: this.id,
        group: this.id,
        topic: p.topic,
        partition: p.partition,
        offset: p.offset,
        from: p.from,
      });
    }
    this.fetch(ctx);
  }

  /** Drop everything about the partitions held: answers for them that still arrive are ignored. */
  private forgetPartitions(): void {
    this.epoch++;
    this.partitions = new Map();
    this.invocations = new Map();
    this.deadLetters = new Map();
    this.fetching = 0;
    this.pollTimer = null;
  }

  // ── fetching ────────────────────────────────────────────────────────────

  /** Fetch for every partition with room in its buffer (at most one fetch in flight). */
  private fetch(ctx: ActorContext): void {
    if (this.fetching !== 0 || !this.member.isMember) return;
    const spec = this.config.spec;
    const room = spec.batchSize * spec.parallelizationFactor * 2;
    const wanted = [...this.partitions.values()].filter((p) => p.buffered() < room);
    if (wanted.length === 0) return;
    this.fetching = this.nextRequestId++;
    ctx.send(BROKER_ID, {
      kind: 'Fetch',
      requestId: this.fetching,
      isolationLevel: 'read_uncommitted',
      maxRecords: room,
      partitions: wanted.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        offset: p.position,
      })),
    } satisfies P.FetchRequest);
    ctx.setTimer(TRIGGER_REQUEST_TIMEOUT_MS, 'fetchTimeout', this.fetching);
  }

  private schedulePoll(ctx: ActorContext): void {
    if (this.pollTimer === null)
      this.pollTimer = ctx.setTimer(this.config.spec.pollIntervalMs, 'poll');
  }

  private onFetched(response: P.FetchResponse, ctx: ActorContext): void {
    if (response.requestId !== this.fetching) return;
    this.fetching = 0;
    let got = 0;
    for (const p of response.partitions) {
      const state = this.partitions.get(tpKey(p.topic, p.partition));
      if (!state) continue;
      if (p.error === 'OFFSET_OUT_OF_RANGE') {
        state.position = p.logStartOffset;
        continue;
      }
      if (p.error || p.offsets.length === 0) continue;
      const from = state.position;
      state.add(toBatchRecords(p), ctx.now);
      state.position = p.nextOffset;
      got += p.offsets.length;
      ctx.emit({
        type: 'records.fetched',
        consumer: this.id,
        group: this.id,
        topic: p.topic,
        partition: p.partition,
        fromOffset: from,
        nextOffset: p.nextOffset,
        recordIds: p.records.map((r) => r.id),
        isolation: 'read_uncommitted',
      });
      for (const lane of state.lanes) this.pump(lane, ctx);
    }
    // A full batch's worth suggests a backlog: fetch again at once. Otherwise poll again later,
    // as a consumer's fetch.max.wait.ms would hold an empty fetch at the broker.
    if (got >= this.config.spec.batchSize) this.fetch(ctx);
    if (this.fetching === 0) this.schedulePoll(ctx);
  }

  // ── batches ─────────────────────────────────────────────────────────────

  /** Invoke the lane's next batch if it is free and one is ready; else wait for the window. */
  private pump(lane: Lane, ctx: ActorContext): void {
    const spec = this.config.spec;
    const fromQueue = lane.queued.length > 0;
    const batch = lane.cut(spec.batchSize, spec.maximumBatchingWindowMs, ctx.now);
    if (batch) {
      if (!fromQueue) {
        emitServerless(ctx, {
          type: 'trigger.batchBuilt',
          trigger: this.id,
          function: spec.function,
          topic: batch.topic,
          partition: batch.partition,
          lane: batch.lane,
          offsets: offsetsOf(batch.records),
          recordIds: idsOf(batch.records),
        });
      }
      return this.dispatch(lane, batch, ctx);
    }
    const deadline = lane.windowDeadline(spec.maximumBatchingWindowMs);
    if (deadline !== undefined && lane.windowTimer === null) {
      lane.windowTimer = ctx.setTimer(deadline - ctx.now, 'window', { epoch: this.epoch, lane });
    }
  }

  private onWindow(data: { epoch: number; lane: Lane }, ctx: ActorContext): void {
    if (data.epoch !== this.epoch) return;
    data.lane.windowTimer = null;
    this.pump(data.lane, ctx);
  }

  /** Give up records past the maximum age unsent; invoke the rest. */
  private dispatch(lane: Lane, batch: TriggerBatch, ctx: ActorContext): void {
    const { expired, fresh } = splitExpired(
      batch.records,
      ctx.now,
      this.config.spec.maximumRecordAgeMs,
    );
    if (expired.length > 0) {
      if (fresh.length > 0) lane.queued.unshift({ ...batch, records: fresh });
      return this.giveUp(lane, { ...batch, records: expired }, 'recordAgeExceeded', ctx);
    }
    lane.inFlight = batch;
    const requestId = this.nextRequestId++;
    const timer = ctx.setTimer(this.config.invokeTimeoutMs, 'invokeTimeout', requestId);
    this.invocations.set(requestId, { epoch: this.epoch, lane, batch, timer });
    ctx.send(this.config.platformId, {
      kind: 'Invoke',
      requestId,
      function: this.config.spec.function,
      source: this.id,
      attempt: batch.attempt,
      records: [...batch.records],
    } satisfies InvokeRequest);
  }

  private onInvokeResponse(response: InvokeResponse, ctx: ActorContext): void {
    const waiting = this.invocations.get(response.requestId);
    if (!waiting) return;
    this.invocations.delete(response.requestId);
    ctx.cancelTimer(waiting.timer);
    this.traceInvalidResponse(waiting.batch, response, ctx);
    this.apply(waiting.lane, waiting.batch, decide(waiting.batch, response, this.policy), ctx);
  }

  /** A malformed partial batch response fails the whole batch (see retry-policy.ts); say why. */
  private traceInvalidResponse(batch: TriggerBatch, response: InvokeResponse, ctx: ActorContext) {
    const ids = batch.records.map((r) => r.itemIdentifier);
    const outcome = readBatchOutcome(ids, response, this.policy.functionResponseTypes.length > 0);
    if (outcome.kind !== 'invalid') return;
    const { id: trigger, spec } = { id: this.id, spec: this.config.spec };
    emitServerless(ctx, {
      type: 'function.invalidBatchResponse',
      trigger,
      function: spec.function,
      problem: outcome.problem,
    });
  }

  /** No answer from the platform: count it as a failed invocation. */
  private onInvokeTimeout(requestId: number, ctx: ActorContext): void {
    const waiting = this.invocations.get(requestId);
    if (!waiting) return;
    this.invocations.delete(requestId);
    const response: InvokeResponse = {
      kind: 'InvokeResponse',
      requestId,
      outcome: 'failure',
      reason: 'error',
      error: 'no answer from the function platform',
      batchItemFailures: [],
      invalidResponse: false,
    };
    this.apply(waiting.lane, waiting.batch, decide(waiting.batch, response, this.policy), ctx);
  }

  private apply(lane: Lane, batch: TriggerBatch, decision: Decision, ctx: ActorContext): void {
    const fn = this.config.spec.function;
    const where = {
      trigger: this.id,
      function: fn,
      topic: batch.topic,
      partition: batch.partition,
    };
    switch (decision.kind) {
      case 'done':
        return this.finish(lane, batch.records, ctx);
      case 'retry':
        if (decision.done.length > 0) {
          emitServerless(ctx, {
            type: 'function.partiallyFailed',
            ...where,
            succeeded: offsetsOf(decision.done),
            retrying: offsetsOf(decision.batch.records),
          });
          this.processed(batch, decision.done, ctx);
        }
        emitServerless(ctx, {
          type: 'function.retried',
          ...where,
          attempt: decision.batch.attempt,
          reason: decision.reason,
          offsets: offsetsOf(decision.batch.records),
        });
        return this.waitThenInvoke(lane, decision.batch, decision.delayMs, ctx);
      case 'bisect':
        emitServerless(ctx, {
          type: 'function.batchBisected',
          ...where,
          first: offsetsOf(decision.first.records),
          second: offsetsOf(decision.second.records),
        });
        lane.queued.unshift(decision.second);
        return this.waitThenInvoke(lane, decision.first, decision.delayMs, ctx);
      case 'giveUp':
        if (decision.done.length > 0) this.processed(batch, decision.done, ctx);
        return this.giveUp(lane, { ...batch, records: decision.records }, 'retriesExhausted', ctx);
    }
  }

  /** The lane stays blocked (the batch counts as in flight) while it backs off. */
  private waitThenInvoke(
    lane: Lane,
    batch: TriggerBatch,
    delayMs: number,
    ctx: ActorContext,
  ): void {
    lane.inFlight = batch;
    ctx.setTimer(delayMs, 'retry', { epoch: this.epoch, lane, batch });
    this.commitIfAdvanced(lane, ctx);
  }

  private onRetryDue(
    data: { epoch: number; lane: Lane; batch: TriggerBatch },
    ctx: ActorContext,
  ): void {
    if (data.epoch !== this.epoch || data.lane.inFlight !== data.batch) return;
    this.dispatch(data.lane, data.batch, ctx);
  }

  /** A batch is finished: trace it, free the lane, commit what is now safe, go on. */
  private finish(lane: Lane, records: readonly BatchRecord[], ctx: ActorContext): void {
    if (records.length > 0 && lane.inFlight) this.processed(lane.inFlight, records, ctx);
    lane.inFlight = null;
    this.commitIfAdvanced(lane, ctx);
    this.pump(lane, ctx);
    this.fetch(ctx);
  }

  private processed(batch: TriggerBatch, records: readonly BatchRecord[], ctx: ActorContext): void {
    ctx.emit({
      type: 'records.processed',
      consumer: this.id,
      group: this.id,
      topic: batch.topic,
      partition: batch.partition,
      offsets: offsetsOf(records),
      recordIds: idsOf(records),
    });
  }

  private commitIfAdvanced(lane: Lane, ctx: ActorContext): void {
    const state = this.partitions.get(tpKey(lane.topic, lane.partition));
    if (!state) return;
    const offset = state.committable();
    if (offset <= state.committed) return;
    state.committed = offset;
    this.member.commit([{ topic: state.topic, partition: state.partition, offset }], ctx);
  }

  // ── the on-failure destination ────────────────────────────────────────

  /** Records given up: to the destination topic if there is one (the lane waits for the acks), else dropped. */
  private giveUp(
    lane: Lane,
    batch: TriggerBatch,
    reason: 'retriesExhausted' | 'recordAgeExceeded',
    ctx: ActorContext,
  ): void {
    const destination = this.config.destination;
    emitServerless(ctx, {
      type: 'function.sentToDestination',
      trigger: this.id,
      function: this.config.spec.function,
      topic: batch.topic,
      partition: batch.partition,
      offsets: offsetsOf(batch.records),
      recordIds: idsOf(batch.records),
      destination: destination?.topic ?? null,
      reason,
    });
    if (!destination) {
      lane.inFlight = null;
      this.commitIfAdvanced(lane, ctx);
      this.pump(lane, ctx);
      return;
    }
    lane.inFlight = batch;
    const byPartition = new Map<number, SimRecord[]>();
    batch.records.forEach((r, i) => {
      const partition =
        r.key !== null
          ? partitionForKey(r.key, destination.partitions)
          : (r.offset + i) % destination.partitions;
      const list = byPartition.get(partition) ?? [];
      list.push(deadLetterRecord(r, reason, batch.attempt, ctx.now));
      byPartition.set(partition, list);
    });
    const job: DeadLetter = {
      epoch: this.epoch,
      lane,
      batch,
      timer: -1,
      outstanding: byPartition.size,
    };
    for (const [partition, records] of byPartition)
      this.sendDeadLetter(job, partition, records, ctx);
  }

  private sendDeadLetter(
    job: DeadLetter,
    partition: number,
    records: SimRecord[],
    ctx: ActorContext,
  ): void {
    const requestId = this.nextRequestId++;
    this.deadLetters.set(requestId, job);
    const topic = this.config.destination!.topic;
    ctx.send(BROKER_ID, {
      kind: 'Produce',
      requestId,
      topic,
      partition,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      transactionalId: null,
      records,
    } satisfies P.ProduceRequest);
    job.timer = ctx.setTimer(TRIGGER_REQUEST_TIMEOUT_MS, 'deadLetterTimeout', {
      requestId,
      records,
      partition,
    });
  }

  /** No acknowledgement: send the same records again (the destination may get them twice). */
  private resendDeadLetter(
    data: { requestId: number; records: SimRecord[]; partition: number },
    ctx: ActorContext,
  ): void {
    const job = this.deadLetters.get(data.requestId);
    if (!job) return;
    this.deadLetters.delete(data.requestId);
    this.sendDeadLetter(job, data.partition, data.records, ctx);
  }

  private onDeadLetterAck(response: P.ProduceResponse, ctx: ActorContext): void {
    const job = this.deadLetters.get(response.requestId);
    if (!job || response.error !== null) return;
    this.deadLetters.delete(response.requestId);
    if (--job.outstanding > 0 || job.epoch !== this.epoch) return;
    job.lane.inFlight = null;
    this.commitIfAdvanced(job.lane, ctx);
    this.pump(job.lane, ctx);
    this.fetch(ctx);
  }
}

function toBatchRecords(p: P.FetchedPartition): BatchRecord[] {
  const out: BatchRecord[] = new Array(p.records.length);
  for (let i = 0; i < p.records.length; i++) {
    const r = p.records[i];
    const offset = p.offsets[i];
    out[i] = {
      topic: p.topic,
      partition: p.partition,
      offset,
      timestampMs: r.timestampMs,
      key: r.key,
      value: r.value,
      headers: r.headers ?? NO_HEADERS,
      id: r.id,
      itemIdentifier: `${p.topic}-${p.partition}-${offset}`,
    };
  }
  return out;
}

/** A given-up record as written to the destination: the original, with failure metadata in headers. */
function deadLetterRecord(
  r: BatchRecord,
  reason: string,
  attempts: number,
  nowMs: number,
): SimRecord {
  return {
    id: r.id,
    key: r.key,
    value: r.value,
    timestampMs: nowMs,
    headers: {
      ...r.headers,
      'lambda.source': r.itemIdentifier,
      'lambda.failure': reason,
      'lambda.attempts': String(attempts),
    },
  };
}

function offsetsOf(records: readonly BatchRecord[]): number[] {
  return records.map((r) => r.offset);
}

function idsOf(records: readonly BatchRecord[]): number[] {
  return records.map((r) => r.id);
}
