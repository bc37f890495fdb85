import type { Json } from '../core/types.ts';
import type { ActorContext } from '../core/world.ts';
import { partitionForKey } from '../log/partitioner.ts';
import { isAccountEvent } from './domain.ts';
import { applyFold } from './folds.ts';
import { LogReader, type ReadRecord } from './log-reader.ts';
import type { ReadModelQuery, ReadModelAnswer } from './protocol.ts';
import type { ReadModelSpec } from './schema.ts';

/** A query waiting for the read model to reach its token. */
interface Parked {
  from: string;
  query: ReadModelQuery;
  timer: number;
}

/**
 * One read model in a reader's memory: its rows, its position per partition (kept beside the rows
 * they describe, so both are lost or kept together), the events fetched and not yet applied, and
 * the queries waiting for a token. The owner (`ReadModelHost`) runs its timers.
 */
export class Projection {
  readonly reader: LogReader;
  private rows = new Map<string, Json>();
  private applied = new Map<number, number>();
  private queue: ReadRecord[] = [];
  private parked: Parked[] = [];

  constructor(
    readonly spec: ReadModelSpec,
    private readonly host: string,
    private readonly eventsTopic: string,
    private readonly eventPartitions: number,
    requestIds: { next: number },
  ) {
    const partitions = Array.from({ length: eventPartitions }, (_, p) => ({
      topic: eventsTopic,
      partition: p,
    }));
    this.reader = new LogReader(partitions, spec.maxPollRecords, spec.name, requestIds);
  }

  /** Whether it has applied everything its last fetch saw, up to the high watermarks. */
  get caughtUp(): boolean {
    return this.queue.length === 0 && this.reader.caughtUp;
  }

  /** Hand the queries waiting here to `other` (a blue/green switch); each waits there afresh. */
  handOverParked(other: Projection, ctx: ActorContext): void {
    const parked = this.parked;
    this.parked = [];
    for (const p of parked) {
      ctx.cancelTimer(p.timer);
      other.query(p.from, p.query, ctx);
    }
  }

  /** Empty, at offset zero (a start with nothing kept, or a rebuild). */
  reset(ctx: ActorContext, reason: 'started' | 'rebuild'): void {
    this.rows = new Map();
    this.applied = new Map();
    this.queue = [];
    for (const p of this.parked) ctx.cancelTimer(p.timer);
    this.parked = [];
    this.reader.rewind();
    ctx.emit({
      type: 'projection.reset',
      host: this.host,
      readModel: this.spec.name,
      fold: this.spec.fold,
      reason,
    });
  }

  /** The next offset to apply in a partition of the events topic. */
  position(partition: number): number {
    return this.applied.get(partition) ?? 0;
  }

  get backlog(): number {
    return this.queue.length;
  }

  /** Take what a fetch returned (in offset order per partition) into the queue to apply. */
  enqueue(records: readonly ReadRecord[]): void {
    for (const r of records) this.queue.push(r);
  }

  /** Apply the next queued event; answer the parked queries it satisfies. */
  applyNext(ctx: ActorContext): void {
    const next = this.queue.shift();
    if (!next) return;
    const value = next.record.value;
    if (isAccountEvent(value)) {
      const change = applyFold(this.spec.fold, this.rows, value);
      if (change) this.rows.set(change.rowKey, change.row);
      ctx.emit({
        type: 'projection.applied',
        host: this.host,
        readModel: this.spec.name,
        topic: next.topic,
        partition: next.partition,
        offset: next.offset,
        rowKey: change?.rowKey ?? '',
        row: change?.row ?? null,
      });
    }
    this.applied.set(next.partition, next.offset + 1);
    this.answerParked(ctx);
  }

  /** Answer now, or park the query until the token's offset is applied or `maxWaitMs` passes. */
  query(from: string, query: ReadModelQuery, ctx: ActorContext): void {
    if (this.reached(query)) return this.answer(from, query, 'answered', ctx);
    const timer = ctx.setTimer(query.maxWaitMs, 'queryWait', {
      readModel: this.spec.name,
      queryId: query.queryId,
    });
    this.parked.push({ from, query, timer });
  }

  /** A parked query's wait ran out: "not yet", with what the read model has now. */
  waitExpired(queryId: string, ctx: ActorContext): void {
    const i = this.parked.findIndex((p) => p.query.queryId === queryId);
    if (i < 0) return;
    const [p] = this.parked.splice(i, 1);
    this.answer(p.from, p.query, 'notYet', ctx);
  }

  private reached(query: ReadModelQuery): boolean {
    return query.token === null || this.position(query.token.partition) > query.token.offset;
  }

  private answerParked(ctx: ActorContext): void {
    if (this.parked.length === 0) return;
    const ready = this.parked.filter((p) => this.reached(p.query));
    if (ready.length === 0) return;
    this.parked = this.parked.filter((p) => !ready.includes(p));
    for (const p of ready) {
      ctx.cancelTimer(p.timer);
      this.answer(p.from, p.query, 'answered', ctx);
    }
  }

  private answer(
    to: string,
    query: ReadModelQuery,
    outcome: ReadModelAnswer['outcome'],
    ctx: ActorContext,
  ): void {
    const partition = query.token?.partition ?? partitionForKey(query.key, this.eventPartitions);
    const answer: ReadModelAnswer = {
      kind: 'ReadModelAnswer',
      queryId: query.queryId,
      outcome,
      row: this.rows.get(query.key) ?? null,
      partition,
      position: this.position(partition),
    };
    ctx.send(to, answer);
  }
}
