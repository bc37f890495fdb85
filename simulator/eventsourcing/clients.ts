import type { SimRecord } from '../core/types.ts';
import type { Actor, ActorContext, Message } from '../core/world.ts';
import { partitionForKey } from '../log/partitioner.ts';
import { BROKER_ID, type FetchResponse, type ProduceRequest } from '../log/protocol.ts';
import { clientScript } from './client-script.ts';
import { isAccountEvent, type ClientCommand } from './domain.ts';
import type { ConsistencyToken, QueryOutcome } from './events.ts';
import {
  FETCH_TIMEOUT_TIMER,
  LogReader,
  type FetchTimeout,
  type ReadRecord,
} from './log-reader.ts';
import type { ReadModelAnswer, ReadModelQuery } from './protocol.ts';
import type { ClientSpec } from './schema.ts';
import type { AccountTopics } from './command-handler.ts';

export interface ClientConfig {
  spec: ClientSpec;
  topics: AccountTopics;
  partitionsOf: (topic: string) => number;
  /** The reader that hosts the read model the client queries. */
  queryHost: string | null;
  /** First simulator record id of this client's commands (ids are unique across a run). */
  firstRecordId: number;
}

/** How often a client waiting for an answer reads the events and rejections topics. */
const ANSWER_POLL_MS = 5;

interface Pending {
  command: ClientCommand;
  sentAtMs: number;
  timer: number;
}
interface PendingQuery {
  query: ReadModelQuery;
  sentAtMs: number;
  timer: number;
}

/**
 * A client of the accounts application: it writes one command at a time to the commands topic and
 * waits for its answer, which it reads from the log itself (its command's first event in the events
 * topic — accepted at that offset — or its entry in the rejections topic). After an accepted command
 * it may read its account back from a read model, with the offset as a consistency token or without.
 * Then it thinks, and goes on. Every answer, and every query's row, goes into the trace.
 */
export class AccountsClient implements Actor {
  readonly kind = 'client' as const;
  readonly id: string;
  private script: ClientCommand[] = [];
  private next = 0;
  private pending: Pending | null = null;
  private pendingQuery: PendingQuery | null = null;
  private lastToken: ConsistencyToken | null = null;
  private queryDue = false;
  private reader: LogReader;
  private nextQuery = 1;

  constructor(private readonly config: ClientConfig) {
    this.id = config.spec.id;
    this.reader = this.newReader();
  }

  onStart(ctx: ActorContext): void {
    // A restarted client has forgotten its place: it starts its script again under fresh ids.
    const prefix = ctx.now > this.config.spec.startAtMs ? `${this.id}-r${ctx.now}-` : `${this.id}-`;
    this.script = clientScript(this.config.spec, ctx.prng.fork(prefix), prefix);
    this.step(ctx);
  }

  onCrash(): void {
    this.pending = null;
    this.pendingQuery = null;
    this.lastToken = null;
    this.queryDue = false;
    this.next = 0;
    this.reader = this.newReader();
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    if (message.kind === 'FetchResponse') {
      const records = this.reader.accept(message as FetchResponse);
      if (records === null) return;
      for (const r of records) this.lookForAnswer(r, ctx);
      if (this.pending) ctx.setTimer(records.length > 0 ? 0 : ANSWER_POLL_MS, 'poll');
    } else if (message.kind === 'ReadModelAnswer') {
      this.onAnswer(message as ReadModelAnswer, ctx);
    }
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (name === 'poll' && this.pending && !this.reader.inFlight) this.reader.fetch(ctx);
    else if (name === FETCH_TIMEOUT_TIMER) this.reader.onTimeout(data as FetchTimeout, ctx);
    else if (name === 'think') this.step(ctx);
    else if (name === 'commandTimeout' && this.pending?.command.commandId === data) {
      ctx.emit({ type: 'command.timedOut', client: this.id, commandId: data as string });
      this.settle(ctx);
    } else if (name === 'queryTimeout' && this.pendingQuery?.query.queryId === data) {
      this.finishQuery(
        {
          kind: 'ReadModelAnswer',
          queryId: data as string,
          outcome: 'notYet',
          row: null,
          partition: -1,
          position: -1,
        },
        'timedOut',
        ctx,
      );
    }
  }

  private newReader(): LogReader {
    const { events, rejections } = this.config.topics;
    const partitions = [events, rejections].flatMap((topic) =>
      Array.from({ length: this.config.partitionsOf(topic) }, (_, partition) => ({
        topic,
        partition,
      })),
    );
    return new LogReader(partitions, 500, 'answers');
  }

  /** Query after an accepted command when asked to; else the next command; else rest. */
  private step(ctx: ActorContext): void {
    const queries = this.config.spec.queries;
    if (this.queryDue && queries && this.config.queryHost) {
      this.queryDue = false;
      return this.sendQuery(ctx);
    }
    const command = this.script[this.next];
    if (!command) return;
    this.next++;
    this.sendCommand(command, ctx);
  }

  private sendCommand(command: ClientCommand, ctx: ActorContext): void {
    const topic = this.config.topics.commands;
    const partition = partitionForKey(command.account, this.config.partitionsOf(topic));
    const record: SimRecord = {
      id: this.config.firstRecordId + this.next,
      key: command.account,
      value: command,
      timestampMs: ctx.now,
    };
    const request: ProduceRequest = {
      kind: 'Produce',
      requestId: this.next,
      topic,
      partition,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      transactionalId: null,
      records: [record],
    };
    ctx.send(BROKER_ID, request);
    ctx.emit({
      type: 'command.sent',
      client: this.id,
      commandId: command.commandId,
      command,
      topic,
      partition,
    });
    const timer = ctx.setTimer(
      this.config.spec.answerTimeoutMs,
      'commandTimeout',
      command.commandId,
    );
    this.pending = { command, sentAtMs: ctx.now, timer };
    if (!this.reader.inFlight) this.reader.fetch(ctx);
  }

  private lookForAnswer(r: ReadRecord, ctx: ActorContext): void {
    const pending = this.pending;
    const value = r.record.value as { commandId?: unknown; reason?: unknown } | null;
    if (
      !pending ||
      value === null ||
      typeof value !== 'object' ||
      value.commandId !== pending.command.commandId
    )
      return;
    const latencyMs = ctx.now - pending.sentAtMs;
    const commandId = pending.command.commandId;
    if (r.topic === this.config.topics.events && isAccountEvent(value)) {
      this.lastToken = { topic: r.topic, partition: r.partition, offset: r.offset };
      this.queryDue = true;
      ctx.emit({
        type: 'command.accepted',
        client: this.id,
        commandId,
        ...this.lastToken,
        latencyMs,
      });
    } else if (r.topic === this.config.topics.rejections) {
      ctx.emit({
        type: 'command.rejected',
        client: this.id,
        commandId,
        reason: String(value.reason),
        latencyMs,
      });
    } else return;
    ctx.cancelTimer(pending.timer);
    this.settle(ctx);
  }

  /** The command is answered (or given up on): think, then go on. */
  private settle(ctx: ActorContext): void {
    this.pending = null;
    ctx.setTimer(this.config.spec.thinkTimeMs, 'think');
  }

  private sendQuery(ctx: ActorContext): void {
    const queries = this.config.spec.queries!;
    const account = this.script[this.next - 1].account;
    const query: ReadModelQuery = {
      kind: 'ReadModelQuery',
      queryId: `${this.id}-q${this.nextQuery++}`,
      readModel: queries.readModel,
      key: account,
      token: queries.token ? this.lastToken : null,
      maxWaitMs: queries.maxWaitMs,
    };
    const host = this.config.queryHost!;
    ctx.send(host, query);
    ctx.emit({
      type: 'query.sent',
      client: this.id,
      queryId: query.queryId,
      readModel: query.readModel,
      host,
      key: query.key,
      token: query.token,
    });
    // A reader that is down never answers: give up a little after its own bound, never hang.
    const timer = ctx.setTimer(
      queries.maxWaitMs + this.config.spec.answerTimeoutMs,
      'queryTimeout',
      query.queryId,
    );
    this.pendingQuery = { query, sentAtMs: ctx.now, timer };
  }

  private onAnswer(answer: ReadModelAnswer, ctx: ActorContext): void {
    if (this.pendingQuery?.query.queryId !== answer.queryId) return;
    ctx.cancelTimer(this.pendingQuery.timer);
    this.finishQuery(answer, answer.outcome, ctx);
  }

  private finishQuery(answer: ReadModelAnswer, outcome: QueryOutcome, ctx: ActorContext): void {
    const { query, sentAtMs } = this.pendingQuery!;
    this.pendingQuery = null;
    ctx.emit({
      type: 'query.answered',
      client: this.id,
      queryId: query.queryId,
      readModel: query.readModel,
      key: query.key,
      outcome,
      row: answer.row,
      partition: answer.partition,
      position: answer.position,
      latencyMs: ctx.now - sentAtMs,
      ...(answer.error === undefined ? {} : { error: answer.error }),
    });
    ctx.setTimer(this.config.spec.thinkTimeMs, 'think');
  }
}
