import type { Json, SimRecord } from '../core/types.ts';
import type { Actor, ActorContext, Message } from '../core/world.ts';
import { partitionForKey } from '../log/partitioner.ts';
import type * as P from '../log/protocol.ts';
import { BROKER_ID } from '../log/protocol.ts';
import { deriveRecordId } from '../runtime/derive-id.ts';
import type { DurableTraceEvent } from './events.ts';
import {
  durableContext,
  isStepRequest,
  stepsHandler,
  type DurableHandler,
  type StepRequest,
} from './handler.ts';
import { foldJournal, invocationId, type JournalEntry } from './journal.ts';
import { journalTopic } from './journal-topic.ts';
import type { DurableSpec } from './schema.ts';

export interface DurableRuntimeConfig {
  spec: DurableSpec;
  /** Partitions of every topic (the input's and the effects'). */
  partitionsOf: (topic: string) => number;
  /** The handler's code; by default each of `spec.steps` as a journaled call. */
  handler?: DurableHandler;
}

/** An invocation in this process's memory. */
interface Run {
  id: string;
  record: SimRecord;
  /** The position of the handler's next call (journal entries are indexed by it). */
  next: number;
  /** Results journaled before this process started (replayed, not run). */
  journaled: (Json | undefined)[];
  /** This attempt's run of the handler's code (created afresh by every retry). */
  code: Generator<StepRequest, unknown, Json> | null;
  /** The call in flight. */
  request: StepRequest | null;
}

/** What to do with the broker's answer to a request. */
type Pending = {
  request: P.ProduceRequest | P.FetchRequest;
  onAnswer: (answer: P.ProduceResponse | P.FetchResponse) => void;
};

const REQUEST_TIMEOUT_MS = 200;
const FETCH_MAX_RECORDS = 500;

type Emitted = DurableTraceEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'at' | 'service'>
    : never
  : never;

/**
 * The process that runs a durable handler, with the journal in the log (Restate's model: the
 * journal is the invocation's log; the handler is re-run on a retry and every journaled step's
 * result is replayed instead of calling again). It reads its input topic, records each input as an
 * invocation in the journal, runs the steps one after another (each an external call, then its
 * result appended to the journal and acknowledged before the next step begins, as `ctx.run` waits),
 * and on a (re)start reads the whole journal back and resumes every invocation not completed.
 * A crash between an external call taking effect and its journal entry being acknowledged repeats
 * that call on the retry: durable execution makes steps at-least-once, and completed ones never run again.
 */
export class DurableRuntime implements Actor {
  readonly kind = 'durable' as const;
  readonly id: string;
  private ctx!: ActorContext;
  private runs = new Map<string, Run>();
  private finished = new Set<string>();
  private positions = new Map<number, number>();
  private pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private recovered: JournalEntry[] = [];

  constructor(private readonly config: DurableRuntimeConfig) {
    this.id = config.spec.instance;
  }

  private get spec(): DurableSpec {
    return this.config.spec;
  }

  onStart(ctx: ActorContext): void {
    this.ctx = ctx;
    this.readJournal(0);
  }

  onCrash(): void {
    this.runs = new Map();
    this.finished = new Set();
    this.positions = new Map();
    this.pending = new Map();
    this.recovered = [];
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    this.ctx = ctx;
    if (name === 'poll') this.poll();
    else if (name === 'call') this.callTookEffect(data as string);
    else if (name === 'timeout') this.retryRequest(data as number);
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    this.ctx = ctx;
    if (message.kind !== 'ProduceResponse' && message.kind !== 'FetchResponse') return;
    const answer = message as P.ProduceResponse | P.FetchResponse;
    const pending = this.pending.get(answer.requestId);
    if (!pending) return;
    this.pending.delete(answer.requestId);
    pending.onAnswer(answer);
  }

  private emit(event: Emitted): void {
    this.ctx.emit({ ...event, service: this.spec.id } as DurableTraceEvent);
  }

  // ── requests to the broker, retried after a timeout ──────────────────────

  private request(request: P.ProduceRequest | P.FetchRequest, onAnswer: Pending['onAnswer']): void {
    this.pending.set(request.requestId, { request, onAnswer });
    this.ctx.setTimer(REQUEST_TIMEOUT_MS, 'timeout', request.requestId);
    this.ctx.send(BROKER_ID, request);
  }

  private retryRequest(requestId: number): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    this.request({ ...pending.request, requestId: this.nextRequestId++ }, pending.onAnswer);
  }

  private produce(
    topic: string,
    partition: number,
    records: SimRecord[],
    then: (offset: number) => void,
  ): void {
    const request: P.ProduceRequest = {
      kind: 'Produce',
      requestId: this.nextRequestId++,
      topic,
      partition,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      transactionalId: null,
      records,
    };
    const onAnswer = (answer: P.ProduceResponse | P.FetchResponse) => {
      const response = answer as P.ProduceResponse;
      // Refused (the topic or partition not there yet): asked again, as a client retries.
      if (response.error !== null)
        return this.request({ ...request, requestId: this.nextRequestId++ }, onAnswer);
      then(response.baseOffset);
    };
    this.request(request, onAnswer);
  }

  /**
   * Appends entries to the journal. Each record's id is derived from the invocation's input and
   * the entry, so the same entry written twice (an append retried after a lost answer) shows as
   * the same record twice.
   */
  private appendJournal(
    entries: JournalEntry[],
    inputId: (entry: JournalEntry) => number,
    then: (offset: number) => void,
  ): void {
    const records = entries.map((entry): SimRecord => ({
      id: deriveRecordId(
        inputId(entry),
        `${journalTopic(this.spec)}:${entry.kind}`,
        entry.kind === 'step' ? entry.index : 0,
      ),
      key: entry.invocation,
      value: entry as unknown as Json,
      timestampMs: this.ctx.now,
    }));
    this.produce(journalTopic(this.spec), 0, records, then);
  }

  private fetch(
    partitions: P.FetchRequest['partitions'],
    then: (r: P.FetchResponse) => void,
  ): void {
    this.request(
      {
        kind: 'Fetch',
        requestId: this.nextRequestId++,
        isolationLevel: 'read_committed',
        maxRecords: FETCH_MAX_RECORDS,
        partitions,
      },
      (answer) => then(answer as P.FetchResponse),
    );
  }

  // ── recovery: the journal read back from offset 0 ────────────────────────

  private readJournal(offset: number): void {
    this.fetch([{ topic: journalTopic(this.spec), partition: 0, offset }], (response) => {
      const part = response.partitions[0];
      for (const record of part.records)
        this.recovered.push(record.value as unknown as JournalEntry);
      if (part.error === null && part.nextOffset < part.highWatermark)
        return this.readJournal(part.nextOffset);
      this.resumeFromJournal();
    });
  }

  private resumeFromJournal(): void {
    const { invocations, nextOffsets } = foldJournal(this.recovered);
    const resumed: Run[] = [];
    for (const inv of invocations.values()) {
      if (inv.completed) this.finished.add(inv.id);
      else
        resumed.push({
          id: inv.id,
          record: inv.record,
          next: 0,
          journaled: inv.results,
          code: null,
          request: null,
        });
    }
    for (let p = 0; p < this.config.partitionsOf(this.spec.inputTopic); p++)
      this.positions.set(p, nextOffsets.get(`${this.spec.inputTopic}/${p}`) ?? 0);
    this.emit({
      type: 'durable.recovered',
      entries: this.recovered.length,
      resumed: resumed.map((r) => r.id),
    });
    this.recovered = [];
    for (const run of resumed) {
      this.runs.set(run.id, run);
      this.runNext(run);
    }
    this.poll();
  }

  // ── the input: each record an invocation, recorded in the journal first ──

  private poll(): void {
    const partitions = [...this.positions].map(([partition, offset]) => ({
      topic: this.spec.inputTopic,
      partition,
      offset,
    }));
    this.fetch(partitions, (response) => {
      const entries: JournalEntry[] = [];
      for (const part of response.partitions) {
        part.records.forEach((record, i) => {
          const input = { topic: part.topic, partition: part.partition, offset: part.offsets[i] };
          const id = invocationId(input);
          if (!this.runs.has(id) && !this.finished.has(id))
            entries.push({ kind: 'invoked', invocation: id, input, record });
        });
        if (part.error === null) this.positions.set(part.partition, part.nextOffset);
      }
      if (entries.length === 0) return this.ctx.setTimer(this.spec.pollIntervalMs, 'poll');
      // The invocations exist once their journal does; the next read waits for it.
      const inputOf = (e: JournalEntry) => (e.kind === 'invoked' ? e.record.id : 0);
      this.appendJournal(entries, inputOf, () => {
        for (const entry of entries) {
          if (entry.kind !== 'invoked') continue;
          const run: Run = {
            id: entry.invocation,
            record: entry.record,
            next: 0,
            journaled: [],
            code: null,
            request: null,
          };
          this.runs.set(run.id, run);
          this.emit({ type: 'durable.invoked', invocation: run.id, recordId: entry.record.id });
          this.runNext(run);
        }
        this.ctx.setTimer(this.spec.pollIntervalMs, 'poll');
      });
    });
  }

  // ── the handler: its code re-run, journaled calls replayed, the others made ──

  /** The handler's next request, given the last call's result; null when it returned (or threw). */
  private resume(run: Run, result: Json): StepRequest | 'done' | 'failed' {
    const handler = this.config.handler ?? stepsHandler(this.spec.steps);
    try {
      run.code ??= handler(run.record.value, durableContext);
      const next = run.code.next(result);
      if (next.done) return 'done';
      return isStepRequest(next.value) ? next.value : 'failed';
    } catch {
      return 'failed';
    }
  }

  private runNext(run: Run, result: Json = null): void {
    let request = this.resume(run, result);
    while (request !== 'done' && request !== 'failed' && request.kind === 'run') {
      const journaled = run.journaled[run.next];
      if (journaled === undefined) break;
      this.emit({
        type: 'durable.stepReplayed',
        invocation: run.id,
        index: run.next,
        step: request.step,
      });
      run.next++;
      request = this.resume(run, journaled);
    }
    // A handler that throws or yields what is no call stays unfinished (a retry would fail again).
    if (request === 'failed') return void this.runs.delete(run.id);
    if (request === 'done') {
      return this.appendJournal(
        [{ kind: 'completed', invocation: run.id }],
        () => run.record.id,
        () => {
          this.runs.delete(run.id);
          this.finished.add(run.id);
          this.emit({ type: 'durable.completed', invocation: run.id });
        },
      );
    }
    run.request = request;
    this.emit({
      type: 'durable.stepStarted',
      invocation: run.id,
      index: run.next,
      step: request.step,
    });
    this.ctx.setTimer(this.spec.stepMs, 'call', run.id);
  }

  /** The call in flight reaches the called service (the effects topic), then is journaled if it is a `run`. */
  private callTookEffect(id: string): void {
    const run = this.runs.get(id);
    if (!run || !run.request) return;
    const index = run.next;
    const { step, kind } = run.request;
    // Keyed by the invocation: its calls stay in order on one partition.
    const key = run.id;
    const effect: SimRecord = {
      id: deriveRecordId(run.record.id, `${this.spec.id}:${step}`, index),
      key,
      value: { service: this.spec.id, invocation: run.id, index, step, input: run.record.value },
      timestampMs: run.record.timestampMs,
    };
    const partition = partitionForKey(key, this.config.partitionsOf(this.spec.effectsTopic));
    this.produce(this.spec.effectsTopic, partition, [effect], () => {
      this.emit({ type: 'durable.stepEffect', invocation: run.id, index, step });
      const result: Json = { done: step };
      if (!this.spec.journal || kind === 'call') return this.stepDone(run, result);
      const entry: JournalEntry = { kind: 'step', invocation: run.id, index, step, result };
      this.appendJournal(
        [entry],
        () => run.record.id,
        (offset) => {
          this.emit({ type: 'durable.stepJournaled', invocation: run.id, index, step, offset });
          this.stepDone(run, result);
        },
      );
    });
  }

  private stepDone(run: Run, result: Json): void {
    run.next++;
    run.request = null;
    this.runNext(run, result);
  }
}
