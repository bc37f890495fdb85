import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { FetchResponse } from '../log/protocol.ts';
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

/**
 * A reader that keeps read models in memory and answers queries about them (the query side of
 * CQRS, an in-memory index). Each read model polls the events topic on its own, applies one event
 * at a time (`applyMs` each) and keeps its position with its rows: a crash loses both, and the
 * restart folds the log again from offset zero, so the two can never disagree.
 */
export class ReadModelHost implements Actor {
  readonly kind = 'reader' as const;
  readonly id: string;
  private projections = new Map<string, Projection>();

  constructor(private readonly config: ReadModelHostConfig) {
    this.id = config.id;
  }

  onStart(ctx: ActorContext): void {
    this.projections = new Map(
      this.config.readModels.map((spec) => [
        spec.name,
        new Projection(spec, this.id, this.config.eventsTopic, this.config.eventPartitions),
      ]),
    );
    for (const projection of this.projections.values()) {
      projection.reset(ctx, 'started');
      projection.reader.fetch(ctx);
    }
  }

  onCrash(): void {
    this.projections = new Map();
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    if (message.kind === 'FetchResponse') return this.onFetched(message as FetchResponse, ctx);
    if (message.kind !== 'ReadModelQuery') return;
    const query = message as ReadModelQuery;
    const projection = this.projections.get(query.readModel);
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
      if (records.length === 0)
        return void ctx.setTimer(projection.spec.fetchIntervalMs, 'poll', projection.spec.name);
      if (projection.spec.applyMs === 0) {
        while (projection.backlog > 0) projection.applyNext(ctx);
        return projection.reader.fetch(ctx);
      }
      return void ctx.setTimer(projection.spec.applyMs, 'apply', projection.spec.name);
    }
  }

  private applyOne(readModel: string, ctx: ActorContext): void {
    const projection = this.projections.get(readModel);
    if (!projection) return;
    projection.applyNext(ctx);
    if (projection.backlog > 0) ctx.setTimer(projection.spec.applyMs, 'apply', readModel);
    else projection.reader.fetch(ctx);
  }
}
