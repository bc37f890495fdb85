import type { Actor, ActorContext, Message } from '../../core/world.ts';
import { actorKind, emitServerless } from '../events.ts';
import type { DbRequest, DbResponse } from '../protocol.ts';
import { DB_READ_RESPONSE, DB_WRITE_RESPONSE } from '../protocol.ts';
import { databaseCost } from '../platform/cost.ts';
import type { DatabaseConfig, Prices } from '../schema.ts';
import { isWrite, keyOf, tableOf, type DbOperation } from './operations.ts';
import { TableStore, type Applied } from './store.ts';

/**
 * The external database, DynamoDB-style, as an actor: calls are messages over the simulated
 * network, so they take time, can be cut off by a partition, and their replies can be lost.
 * Each request is applied when it arrives; its reply goes back at once. Throttling refuses a
 * request without applying it (ProvisionedThroughputExceededException; the client retries).
 * Time to live is lazy, as in DynamoDB: an expired item stays readable until the sweep deletes it.
 *
 * No transaction spans the database and the log: a function that writes here and produces to a
 * topic does two separate things, and a crash between them leaves one done (the dual write).
 *
 * The tables are durable: a crash makes the database unreachable until it restarts, and keeps them.
 */
export class Database implements Actor {
  readonly kind = actorKind('database');
  readonly id: string;
  readonly store: TableStore;
  private throttleNext = 0;
  private pending = { readUnits: 0, writeUnits: 0 };
  private totalUsd = 0;
  private costTimer: number | null = null;

  constructor(
    private readonly config: DatabaseConfig,
    private readonly prices: Prices,
  ) {
    this.id = config.id;
    this.store = new TableStore(config.tables);
  }

  /** Refuse the next `count` requests (the `dbThrottle` fault). */
  throttleNextRequests(count: number): void {
    this.throttleNext += count;
  }

  onStart(ctx: ActorContext): void {
    this.costTimer = null;
    if (this.config.tables.some((t) => t.ttlAttribute !== undefined)) {
      ctx.setTimer(this.config.ttlSweepIntervalMs, 'ttlSweep');
    }
    if (this.pending.readUnits + this.pending.writeUnits > 0) this.armCostReport(ctx);
  }

  onCrash(): void {
    this.costTimer = null;
  }

  onTimer(name: string, _data: unknown, ctx: ActorContext): void {
    if (name === 'ttlSweep') {
      for (const e of this.store.sweepExpired(ctx.now))
        emitServerless(ctx, { type: 'db.itemExpired', ...e });
      ctx.setTimer(this.config.ttlSweepIntervalMs, 'ttlSweep');
    } else if (name === 'cost') {
      this.reportCost(ctx);
    }
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    if (message.kind !== 'DbRequest') return;
    const request = message as DbRequest;
    const op = request.operation;
    const kind = isWrite(op) ? DB_WRITE_RESPONSE : DB_READ_RESPONSE;
    if (this.throttled(ctx)) {
      emitServerless(ctx, {
        type: 'db.throttled',
        table: tableOf(op),
        key: keyOf(op),
        op: op.op,
        invocationId: request.invocationId,
      });
      const error = {
        code: 'ProvisionedThroughputExceededException' as const,
        message: 'The level of configured provisioned throughput for the table was exceeded',
      };
      return ctx.send(from, {
        kind,
        requestId: request.requestId,
        result: null,
        error,
      } satisfies DbResponse);
    }
    const applied = this.store.apply(op);
    this.trace(op, applied, request.invocationId, ctx);
    this.accrue(applied.readUnits, applied.writeUnits, ctx);
    const reply: DbResponse = applied.ok
      ? { kind, requestId: request.requestId, result: applied.result, error: null }
      : {
          kind,
          requestId: request.requestId,
          result: null,
          error: { code: applied.code, message: applied.message },
        };
    ctx.send(from, reply);
  }

  private throttled(ctx: ActorContext): boolean {
    if (this.throttleNext > 0) {
      this.throttleNext--;
      return true;
    }
    return ctx.prng.chance(this.config.throttlePerMillion);
  }

  private trace(
    op: DbOperation,
    applied: Applied,
    invocationId: string | null,
    ctx: ActorContext,
  ): void {
    if (!applied.ok) {
      if (applied.failed)
        emitServerless(ctx, {
          type: 'db.conditionFailed',
          ...applied.failed,
          writeUnits: applied.writeUnits,
          invocationId,
        });
      return;
    }
    const result = applied.result;
    if (result.op === 'get' && op.op === 'get') {
      const found = result.item !== null;
      emitServerless(ctx, {
        type: 'db.read',
        table: op.table,
        key: op.key,
        op: 'get',
        found,
        count: found ? 1 : 0,
        readUnits: applied.readUnits,
        invocationId,
      });
    } else if (result.op === 'scan' && op.op === 'scan') {
      const count = result.items.length;
      emitServerless(ctx, {
        type: 'db.read',
        table: op.table,
        key: null,
        op: 'scan',
        found: count > 0,
        count,
        readUnits: applied.readUnits,
        invocationId,
      });
    }
    const transactional = op.op === 'transactWrite';
    const perItem = applied.written.length > 0 ? applied.writeUnits / applied.written.length : 0;
    for (const w of applied.written) {
      emitServerless(ctx, {
        type: 'db.written',
        ...w,
        writeUnits: perItem,
        transactional,
        invocationId,
      });
    }
  }

  private accrue(readUnits: number, writeUnits: number, ctx: ActorContext): void {
    if (readUnits + writeUnits === 0) return;
    this.pending.readUnits += readUnits;
    this.pending.writeUnits += writeUnits;
    this.armCostReport(ctx);
  }

  private armCostReport(ctx: ActorContext): void {
    if (this.costTimer === null)
      this.costTimer = ctx.setTimer(this.config.costReportIntervalMs, 'cost');
  }

  /** One `cost.accrued` for everything since the last: a view sees cost grow without an event per call. */
  private reportCost(ctx: ActorContext): void {
    this.costTimer = null;
    const { readUnits, writeUnits } = this.pending;
    this.pending = { readUnits: 0, writeUnits: 0 };
    const usd = databaseCost(readUnits, writeUnits, this.prices);
    this.totalUsd += usd;
    emitServerless(ctx, {
      type: 'cost.accrued',
      source: 'database',
      function: null,
      requests: 0,
      gbMs: 0,
      readUnits,
      writeUnits,
      usd,
      totalUsd: this.totalUsd,
    });
  }
}
