import type { Json, TopicPartition } from '../core/types.ts';

/**
 * Application code run by a group member (the loop around a KafkaConsumer that a person writes):
 * it is handed each poll's records and, when the member gives partitions up, told which. What it
 * asks for (apply a record, commit offsets) is returned as data and carried out by the member in
 * order, an apply taking `processingMs` and a commit waiting for the broker (commitSync), so a
 * crash or a pause can fall between any two of them.
 */

/** A record as the application sees it. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: Json;
}

/** An offset to commit: the next offset the group should read from the partition. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** One step the application asked for. */
export type AppStep =
  | { readonly kind: 'apply'; readonly record: ConsumedRecord; readonly condition: Json }
  | { readonly kind: 'commit'; readonly offsets: readonly OffsetToCommit[] };

/** How the application asks for steps: each call adds one, carried out after it returns. */
export interface AppSteps {
  /** Apply `record` to the external store (with an optional condition the store checks). */
  apply(record: ConsumedRecord, condition?: Json): void;
  /** Commit these offsets for the group. */
  commit(offsets: readonly OffsetToCommit[]): void;
}

/** The application a member runs. A fresh one is made at each start (a crash loses its memory). */
export interface ConsumerApp {
  onRecords(records: readonly ConsumedRecord[], steps: AppSteps): void;
  /**
   * The member is giving these partitions up (a rebalance, or it lost its membership). Kafka calls
   * onPartitionsLost in the second case; here both come through this one call, and a commit from
   * a member the group has dropped is refused.
   */
  onPartitionsRevoked(partitions: readonly TopicPartition[], steps: AppSteps): void;
}

/**
 * The store the applications write (a database outside the log): it decides whether an apply
 * takes effect, given its condition. It survives crashes of the members.
 */
export type ApplyStore = (record: ConsumedRecord, condition: Json, consumer: string) => boolean;

/** Call `run` with a fresh collector and return the steps it asked for, checked. */
export function collectSteps(run: (steps: AppSteps) => void): AppStep[] {
  const out: AppStep[] = [];
  run({
    apply(record, condition) {
      if (!record || typeof record.offset !== 'number' || typeof record.partition !== 'number')
        throw new TypeError('apply(record): pass one of the records you were handed');
      out.push({ kind: 'apply', record, condition: condition ?? null });
    },
    commit(offsets) {
      if (!Array.isArray(offsets))
        throw new TypeError('commit(offsets): pass an array of { topic, partition, offset }');
      const copy = offsets.map((o, i) => {
        const { topic, partition, offset } = (o ?? {}) as Partial<OffsetToCommit>;
        if (typeof topic !== 'string' || !Number.isInteger(partition) || !Number.isInteger(offset))
          throw new TypeError(
            `commit(offsets): offsets[${i}] must be { topic: string, partition: integer, offset: integer }`,
          );
        return { topic, partition: partition!, offset: offset! };
      });
      out.push({ kind: 'commit', offsets: copy });
    },
  });
  return out;
}

/**
 * A consumer written by a learner: the key each event is written with (the producer's side), and
 * the application code its group members run.
 */
export interface KeyedConsumerApp<Event> extends ConsumerApp {
  /** The record key for `event` (null: no key, the partitioner spreads such records). */
  keyFor(event: Event): string | null;
}
