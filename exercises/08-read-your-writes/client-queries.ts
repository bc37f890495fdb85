import type { Json } from '../../simulator/core/types.ts';
import type { QueryOutcome } from '../../simulator/eventsourcing/events.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { API, CLIENTS, READER } from './run-reads.ts';

/**
 * The clients' queries of one run, read from its trace: what each client asked and when, what it
 * heard back, the query service's reads of the reader on its behalf, and whether the read model
 * (its serving version, on a reader that is up) had already applied the client's token when the
 * client asked — a query that need not wait.
 */

/** One read of the reader by the query service. */
export interface ServiceRead {
  sentAtMs: number;
  answeredAtMs: number | null;
  outcome: QueryOutcome | null;
  position: number;
}

export interface ClientQuery {
  queryId: string;
  client: string;
  account: string;
  token: { partition: number; offset: number } | null;
  sentAtMs: number;
  /** The read model had the token applied (or there was none) and its reader was up, when sent. */
  needNotWait: boolean;
  reads: ServiceRead[];
  /** What the client heard (timedOut: it gave up), or null if the run ended first. */
  answer: { outcome: QueryOutcome; row: Json; latencyMs: number; index: number } | null;
  /** The query code's error, if it threw. */
  failed: { error: string; index: number } | null;
}

const clientIds = new Set<string>(CLIENTS.map((c) => c.id));

/** Where the serving version of the read model stands, event by event. */
class ServingPosition {
  private up = true;
  private serving = '';
  private positions = new Map<string, Map<number, number>>();

  see(e: TraceEvent): void {
    if (e.type === 'actor.crashed' && e.actor === READER) {
      this.up = false;
      this.positions.clear();
    } else if (e.type === 'actor.restarted' && e.actor === READER) this.up = true;
    else if (e.type === 'projection.reset' && e.host === READER) {
      this.positions.set(e.readModel, new Map());
      if (e.reason === 'started') this.serving = e.readModel;
    } else if (e.type === 'projection.switched' && e.host === READER) this.serving = e.to;
    else if (e.type === 'projection.applied' && e.host === READER)
      this.positions.get(e.readModel)?.set(e.partition, e.offset + 1);
  }

  /** Has the serving read model applied `offset` of `partition`, on a reader that is up? */
  reached(token: ClientQuery['token']): boolean {
    if (!this.up || this.serving === '') return false;
    return (
      token === null || (this.positions.get(this.serving)?.get(token.partition) ?? 0) > token.offset
    );
  }
}

/** Every client query of the run, in the order the clients sent them. */
export function clientQueries(trace: readonly TraceEvent[]): ClientQuery[] {
  const queries = new Map<string, ClientQuery>();
  const serving = new ServingPosition();
  const readOf = (readId: string) => {
    const q = queries.get(readId.replace(/\.r\d+$/, ''));
    const n = Number(/\.r(\d+)$/.exec(readId)?.[1] ?? 0);
    return q?.reads[n - 1];
  };
  trace.forEach((e, index) => {
    serving.see(e);
    if (e.type === 'query.sent' && clientIds.has(e.client)) {
      const token = e.token && { partition: e.token.partition, offset: e.token.offset };
      const base = { queryId: e.queryId, client: e.client, account: e.key, token };
      queries.set(e.queryId, {
        ...base,
        sentAtMs: e.at,
        needNotWait: serving.reached(token),
        reads: [],
        answer: null,
        failed: null,
      });
    } else if (e.type === 'query.sent' && e.client === API) {
      const q = queries.get(e.queryId.replace(/\.r\d+$/, ''));
      q?.reads.push({ sentAtMs: e.at, answeredAtMs: null, outcome: null, position: -1 });
    } else if (e.type === 'query.answered' && e.client === API) {
      const read = readOf(e.queryId);
      if (read)
        Object.assign(read, { answeredAtMs: e.at, outcome: e.outcome, position: e.position });
    } else if (e.type === 'query.answered' && clientIds.has(e.client)) {
      const q = queries.get(e.queryId);
      if (q) q.answer = { outcome: e.outcome, row: e.row, latencyMs: e.latencyMs, index };
    } else if (e.type === 'query.failed' && e.host === API) {
      const q = queries.get(e.queryId);
      if (q) q.failed = { error: e.error, index };
    }
  });
  return [...queries.values()];
}
