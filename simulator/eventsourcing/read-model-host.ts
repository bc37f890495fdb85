import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { FetchResponse } from '../log/protocol.ts';
import type { FoldName } from './folds.ts';
import { FETCH_TIMEOUT_TIMER, type FetchTimeout } from './log-reader.ts';
import { Projection } from './projection.ts';
import type { ReadModelAnswer, ReadModelQuery } from './protocol.ts';
import type { ReadModelSpec } from './schema.ts';

export interface ReadModelHostConfig {
  id: string;
  readModels: ReadModelSpec[];
  eventsTopic: string;
  eventPartitions: number;
}

/** The name a read model's projection goes by in the trace: `balances`, then `balances@v2`, ... */
export function versionedName(readModel: string, version: number): string {
  return version === 1 ? readModel : `${readModel}@v${version}`;
}

/**
 * A reader that keeps read models in memory and answers queries about them (the query side of
 * CQRS, an in-memory index). Each read model polls the events topic on its own, applies one event
 * at a time (`applyMs` each) and keeps its position with its rows: a crash loses both, and the
 * restart folds the log again from offset zero, so the two can never disagree.
 *
 * A rebuild (the operator's `rebuildProjection`) starts a new version of a read model at offset
 * zero, with a new fold if given, while the old version goes on serving queries; once the new one
 * has caught up with the log, queries switch to it (blue/green) and the old one is dropped.
 */
export class ReadModelHost implements Actor {
  readonly kind = 'reader' as const;
  readonly id: string;
  /** What is deployed, by read model: survives a crash, as code and configuration do. */
  private readonly deployed = new Map<string, { spec: ReadModelSpec; version: number }>();
  private projections = new Map<string, Projection>();
  /** Read model → the projection answering its queries. */
  private serving = new Map<string, Projection>();
  /** Read model → the new version being built beside it. */
  private rebuilding = new Map<string, Projection>();
  private readonly requestIds = { next: 1 };
  private ctx: ActorContext | null = null;

  constructor(private readonly config: ReadModelHostConfig) {
    this.id = config.id;
    for (const spec of config.readModels) this.deployed.set(spec.name, { spec, version: 1 });
  }

  onStart(ctx: ActorContext): void {
    this.ctx = ctx;
    for (const [name, { spec, version }] of this.deployed) {
      const projection = this.start(
        { ...spec, name: versionedName(name, version) },
        'started',
        ctx,
      );
      this.serving.set(name, projection);
    }
  }

  onCrash(): void {
    this.ctx = null;
    this.projections = new Map();
    this.serving = new Map();
    this.rebuilding = new Map();
  }

  /**
   * Build a new version of `readModel` from offset zero beside the serving one. Returns what
   * happened, for the trace of an operator action that cannot start (the reader is down, or a
   * rebuild of it is already running).
   */
  rebuild(
    readModel: string,
    fold: FoldName | undefined,
  ): 'started' | 'readerDown' | 'alreadyRebuilding' {
    const ctx = this.ctx;
    const deployed = this.deployed.get(readModel);
    if (!ctx || !deployed) return 'readerDown';
    if (this.rebuilding.has(readModel)) return 'alreadyRebuilding';
    const version = deployed.version + 1;
    const spec = {
      ...deployed.spec,
      name: versionedName(readModel, version),
      fold: fold ?? deployed.spec.fold,
    };
    this.rebuilding.set(readModel, this.start(spec, 'rebuild', ctx));
    return 'started';
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    if (message.kind === 'FetchResponse') return this.onFetched(message as FetchResponse, ctx);
    if (message.kind !== 'ReadModelQuery') return;
    const query = message as ReadModelQuery;
    const projection = this.serving.get(query.readModel);
    if (projection) return projection.query(from, query, ctx);
    // Unknown names are refused when the scenario loads; a hand-fired query still gets an answer.
    const answer: ReadModelAnswer = {
      kind: 'ReadModelAnswer',
      queryId: query.queryId,
      outcome: 'notYet',
      row: null,
      partition: 0,
      position: 0,
    };
    ctx.send(from, answer);
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    switch (name) {
      case FETCH_TIMEOUT_TIMER: {
        const timeout = data as FetchTimeout;
        this.projections.get(timeout.tag)?.reader.onTimeout(timeout, ctx);
        return;
      }
      case 'poll':
        return void this.projections.get(data as string)?.reader.fetch(ctx);
      case 'apply':
        return this.applyOne(data as string, ctx);
      case 'queryWait': {
        const wait = data as { readModel: string; queryId: string };
        return this.projections.get(wait.readModel)?.waitExpired(wait.queryId, ctx);
      }
    }
  }

  private start(spec: ReadModelSpec, reason: 'started' | 'rebuild', ctx: ActorContext): Projection {
    const { eventsTopic, eventPartitions } = this.config;
    const projection = new Projection(spec, this.id, eventsTopic, eventPartitions, this.requestIds);
    this.projections.set(spec.name, projection);
    projection.reset(ctx, reason);
    projection.reader.fetch(ctx);
    return projection;
  }

  private onFetched(response: FetchResponse, ctx: ActorContext): void {
    for (const projection of this.projections.values()) {
      const records = projection.reader.accept(response, (tp, fromOffset, toOffset) =>
        ctx.emit({
          type: 'projection.skipped',
          host: this.id,
          readModel: projection.spec.name,
          ...tp,
          fromOffset,
          toOffset,
        }),
      );
      if (records === null) continue;
      projection.enqueue(records);
      if (records.length === 0) {
        this.switchIfCaughtUp(projection, ctx);
        return void ctx.setTimer(projection.spec.fetchIntervalMs, 'poll', projection.spec.name);
      }
      if (projection.spec.applyMs === 0) {
        while (projection.backlog > 0) projection.applyNext(ctx);
        this.switchIfCaughtUp(projection, ctx);
        return projection.reader.fetch(ctx);
      }
      return void ctx.setTimer(projection.spec.applyMs, 'apply', projection.spec.name);
    }
  }

  private applyOne(name: string, ctx: ActorContext): void {
    const projection = this.projections.get(name);
    if (!projection) return;
    projection.applyNext(ctx);
    if (projection.backlog > 0) return void ctx.setTimer(projection.spec.applyMs, 'apply', name);
    this.switchIfCaughtUp(projection, ctx);
    projection.reader.fetch(ctx);
  }

  /** A rebuilt version that has caught up with the log takes over its read model's queries. */
  private switchIfCaughtUp(projection: Projection, ctx: ActorContext): void {
    for (const [readModel, next] of this.rebuilding) {
      if (next !== projection || !next.caughtUp) continue;
      const previous = this.serving.get(readModel)!;
      previous.handOverParked(next, ctx);
      this.projections.delete(previous.spec.name);
      this.serving.set(readModel, next);
      this.rebuilding.delete(readModel);
      const deployed = this.deployed.get(readModel)!;
      this.deployed.set(readModel, {
        spec: { ...next.spec, name: readModel },
        version: deployed.version + 1,
      });
      ctx.emit({
        type: 'projection.switched',
        host: this.id,
        readModel,
        from: previous.spec.name,
        to: next.spec.name,
      });
      return;
    }
  }
}
