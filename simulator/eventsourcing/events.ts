import type { Json } from '../core/types.ts';
import type { FoldName } from './folds.ts';

/** Where a command's first event sits in the events topic: what a query carries to read its own write. */
export interface ConsistencyToken {
  topic: string;
  partition: number;
  offset: number;
}

/**
 * How a query ended: rows read, "not yet" (the token's offset not reached in time), refused (a
 * Kafka Streams store that cannot be queried now: restoring, rebalancing, or not on that instance),
 * or no answer at all.
 */
export type QueryOutcome = 'answered' | 'notYet' | 'unavailable' | 'timedOut';

/** Where a read model lives: a reader's memory, a Kafka Streams table, or a database table. */
export type ReadModelHome = 'memory' | 'streamsTable' | 'database';

/**
 * The trace events of event sourcing and CQRS: what clients send and hear back, and every event a
 * read model applies, with its position, so a view can show each read model's rows and lag at any
 * playhead and a check can fold the log itself and compare.
 */
export type EventSourcingTraceEvent =
  /** A client wrote a command to the commands topic (keyed by account). */
  | {
      type: 'command.sent';
      at: number;
      client: string;
      commandId: string;
      command: Json;
      topic: string;
      partition: number;
    }
  /** The client read its command's first event in the events topic: accepted, at that offset (its token). */
  | ({
      type: 'command.accepted';
      at: number;
      client: string;
      commandId: string;
      latencyMs: number;
    } & ConsistencyToken)
  /** The client read its command in the rejections topic, with the reason. */
  | {
      type: 'command.rejected';
      at: number;
      client: string;
      commandId: string;
      reason: string;
      latencyMs: number;
    }
  /** No answer reached the client within its answer timeout; it moved on. */
  | { type: 'command.timedOut'; at: number; client: string; commandId: string }
  /** A client asked a read model for one row, with a consistency token or without. */
  | {
      type: 'query.sent';
      at: number;
      client: string;
      queryId: string;
      readModel: string;
      host: string;
      key: string;
      token: ConsistencyToken | null;
    }
  /**
   * What the query returned: the row (null when the read model has none), and the read model's
   * position (next offset to apply) in the partition that holds the key, when it answered.
   */
  | {
      type: 'query.answered';
      at: number;
      client: string;
      queryId: string;
      readModel: string;
      key: string;
      outcome: QueryOutcome;
      row: Json;
      partition: number;
      position: number;
      latencyMs: number;
      /** Why an `unavailable` answer refused, in the words of the exception Kafka Streams throws. */
      error?: string;
    }
  /** Query code threw, or returned something that is not an answer: the client hears nothing. */
  | { type: 'query.failed'; at: number; host: string; queryId: string; error: string }
  /** A read model applied one event: the row it changed and its new position in that partition. */
  | {
      type: 'projection.applied';
      at: number;
      host: string;
      readModel: string;
      topic: string;
      partition: number;
      offset: number;
      rowKey: string;
      row: Json;
    }
  /**
   * A Kafka Streams table's task is up on an instance (`host`), its store restored from the
   * changelog: the rows that task holds and its position in its partition (the committed offset).
   * At the first start both are empty; after a crash or a move, they are what was committed.
   */
  | {
      type: 'projection.restored';
      at: number;
      host: string;
      readModel: string;
      fold: FoldName;
      home: ReadModelHome;
      partition: number;
      position: number;
      rows: { key: string; row: Json }[];
    }
  /** A read model starts empty at offset zero: its reader started, restarted after a crash, or rebuilds. */
  | {
      type: 'projection.reset';
      at: number;
      host: string;
      readModel: string;
      /** The fold it is built with (a rebuild may bring a new one). */
      fold: FoldName;
      reason: 'started' | 'rebuild';
      /** Where it lives when not in a reader's memory: a database table a function writes. */
      home?: ReadModelHome;
    }
  /** A rebuilt version caught up with the log: queries of `readModel` now go to `to`, and `from` is dropped (blue/green). */
  | {
      type: 'projection.switched';
      at: number;
      host: string;
      readModel: string;
      from: string;
      to: string;
    }
  /** The operator asked for a rebuild that could not start (the reader is down, or one is running). */
  | {
      type: 'projection.rebuildRefused';
      at: number;
      host: string;
      readModel: string;
      reason: 'readerDown' | 'alreadyRebuilding';
    }
  /** Offsets a read model never saw: retention deleted them before it read them (it moved to the log start). */
  | {
      type: 'projection.skipped';
      at: number;
      host: string;
      readModel: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
    };
