import type { TopicPartition } from '../core/types.ts';
import type { FetchedPartition } from './protocol.ts';
import {
  collectSteps,
  type ApplyStore,
  type AppStep,
  type ConsumedRecord,
  type ConsumerApp,
  type OffsetToCommit,
} from './consumer-app.ts';

/** Where a member's application code comes from, and the store its applies go to. */
export interface AppSpec {
  /** Make the application anew (at each start of the member: a crash loses its memory). */
  readonly make: () => ConsumerApp;
  readonly store: ApplyStore;
}

/** An apply the store let through: the record and the id of the workload item it carries. */
export interface Applied {
  readonly record: ConsumedRecord;
  readonly recordId: number;
}

/**
 * The member's side of application code: it hands the application each poll's records and keeps
 * the steps it asked for, in order, for the member to carry out one at a time (the member owns
 * time and the network; this owns what the application said).
 */
export class AppRunner {
  private app: ConsumerApp | null = null;
  private steps: AppStep[] = [];
  private recordIds = new Map<ConsumedRecord, number>();

  constructor(private readonly spec: AppSpec) {}

  /** A (re)start: a fresh application, nothing pending. */
  start(): void {
    this.app = this.spec.make();
    this.steps = [];
  }

  /** Drop what is pending (the member rejoins or crashed: the rest of the batch is not done). */
  clear(): void {
    this.steps = [];
  }

  /** Give the application the records of a poll and keep the steps it asks for. */
  handOver(partitions: readonly FetchedPartition[]): void {
    const records: ConsumedRecord[] = [];
    this.recordIds = new Map();
    for (const p of partitions) {
      if (p.error) continue;
      p.records.forEach((r, i) => {
        const record = Object.freeze({
          topic: p.topic,
          partition: p.partition,
          offset: p.offsets[i]!,
          key: r.key,
          value: r.value,
        });
        this.recordIds.set(record, r.id);
        records.push(record);
      });
    }
    const app = this.app!;
    this.steps = collectSteps((steps) => app.onRecords(Object.freeze(records), steps));
    for (const step of this.steps)
      if (step.kind === 'apply' && !this.recordIds.has(step.record))
        throw new TypeError(
          'apply(record): pass one of the records onRecords was handed, not a copy',
        );
  }

  /** The next step to carry out, if any. */
  next(): AppStep | undefined {
    return this.steps[0];
  }

  /** Take the next step off the list (a commit being sent). */
  take(): void {
    this.steps.shift();
  }

  /** Carry out the pending apply now: what it applied, or null if the store refused it. */
  applyNext(consumer: string): Applied | null {
    const step = this.steps.shift();
    if (step?.kind !== 'apply') return null;
    if (!this.spec.store(step.record, step.condition, consumer)) return null;
    return { record: step.record, recordId: this.recordIds.get(step.record)! };
  }

  /** The member gives these partitions up: the commits the application asks for (no applies). */
  revoke(partitions: readonly TopicPartition[]): (readonly OffsetToCommit[])[] {
    const app = this.app!;
    const steps = collectSteps((s) => app.onPartitionsRevoked(Object.freeze([...partitions]), s));
    return steps.map((step) => {
      if (step.kind === 'apply')
        throw new Error('onPartitionsRevoked may commit, but not apply records');
      return step.offsets;
    });
  }
}
