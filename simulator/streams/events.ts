import type { Json } from '../core/types.ts';

/**
 * The trace events of the Kafka Streams layer: every record entering a join buffer or a window,
 * every match, emission, expiry, late drop, suppression and store write, as plain JSON. A
 * `StreamTask` hands them to its host; the lead adds them to the main `TraceEvent` union.
 *
 * Every variant carries `type`, `at` (virtual wall-clock ms of the host), `task` (Kafka Streams'
 * task id, `"<subtopology>_<partition>"`, e.g. `"0_1"`). `processor`/`store` name the topology node
 * or state store, as `topology.describe()` shows them. Window bounds follow Kafka: start
 * inclusive, end exclusive for time windows; both inclusive for session windows.
 */
export type StreamsTraceEvent =
  | StatefunTraceEvent
  // ── records in and out ──────────────────────────────────────────────────
  /** A task took an input record from one of its partitions; stream time is now `streamTimeMs`. */
  | {
      type: 'record.processed';
      at: number;
      task: string;
      topic: string;
      partition: number;
      offset: number;
      key: string | null;
      timestampMs: number;
      streamTimeMs: number;
    }
  /** A sink wrote a record to a topic (an output, a repartition topic or a source topic). */
  | {
      type: 'record.emitted';
      at: number;
      task: string;
      processor: string;
      topic: string;
      key: string | null;
      value: Json;
      timestampMs: number;
    }
  /** A processor dropped a record it cannot handle (Kafka's dropped-records sensor). */
  | {
      type: 'record.skipped';
      at: number;
      task: string;
      processor: string;
      key: string | null;
      timestampMs: number;
      reason: 'nullKey' | 'nullValue' | 'nullKeyOrValue';
    }
  /** A record arrived after its window closed (stream time passed window end + grace) and was dropped. */
  | {
      type: 'record.droppedLate';
      at: number;
      task: string;
      processor: string;
      key: string | null;
      timestampMs: number;
      streamTimeMs: number;
      windowStartMs: number;
      windowEndMs: number;
    }

  // ── windows and aggregations ────────────────────────────────────────────
  /** A window's aggregate changed (or a window was created) for one key. */
  | {
      type: 'window.updated';
      at: number;
      task: string;
      processor: string;
      store: string;
      key: string;
      windowStartMs: number;
      windowEndMs: number;
      value: Json;
      timestampMs: number;
    }
  /** Session windows merged: the listed sessions became one (they are deleted, the merged one is written). */
  | {
      type: 'window.merged';
      at: number;
      task: string;
      processor: string;
      store: string;
      key: string;
      merged: { startMs: number; endMs: number }[];
      windowStartMs: number;
      windowEndMs: number;
    }
  /** Stream time passed window end + grace: the window takes no more records; `value` is final. */
  | {
      type: 'window.closed';
      at: number;
      task: string;
      processor: string;
      store: string;
      key: string;
      windowStartMs: number;
      windowEndMs: number;
      value: Json;
      streamTimeMs: number;
    }
  /** A non-windowed aggregation (count, reduce, aggregate) updated the row of one key. */
  | {
      type: 'aggregate.updated';
      at: number;
      task: string;
      processor: string;
      store: string;
      key: string;
      oldValue: Json;
      value: Json;
      timestampMs: number;
    }

  // ── joins ───────────────────────────────────────────────────────────────
  /** A stream-stream join record entered its side's window buffer (a window store). */
  | {
      type: 'join.buffered';
      at: number;
      task: string;
      processor: string;
      store: string;
      side: JoinSide;
      key: string;
      value: Json;
      timestampMs: number;
    }
  /**
   * A record too old for its side's join buffer was not buffered: its timestamp is at or before
   * the store's stream time - retention (Kafka's "Skipping record for expired segment", the
   * `expired-window-record-drop` metric). It was still joined with what the other buffer holds.
   */
  | {
      type: 'join.droppedExpired';
      at: number;
      task: string;
      processor: string;
      store: string;
      side: JoinSide;
      key: string;
      value: Json;
      timestampMs: number;
      streamTimeMs: number;
    }
  /** A record left a join window buffer: stream time passed its timestamp + retention. */
  | {
      type: 'join.expired';
      at: number;
      task: string;
      store: string;
      key: string;
      value: Json;
      timestampMs: number;
      streamTimeMs: number;
    }
  /** A join found a partner and emitted a joined record (inner match of any join kind). */
  | {
      type: 'join.matched';
      at: number;
      task: string;
      processor: string;
      key: string | null;
      left: Json;
      right: Json;
      timestampMs: number;
    }
  /** An unmatched left/outer stream-stream record waits in the shared outer-join store (KIP-633). */
  | {
      type: 'join.nonMatchBuffered';
      at: number;
      task: string;
      processor: string;
      store: string;
      side: JoinSide;
      key: string;
      value: Json;
      timestampMs: number;
    }
  /** A later match removed a waiting record from the outer-join store: no null-joined result for it. */
  | {
      type: 'join.nonMatchCancelled';
      at: number;
      task: string;
      processor: string;
      store: string;
      side: JoinSide;
      key: string;
      timestampMs: number;
    }
  /**
   * A left/outer join emitted a result with one side null: after the window closed
   * (`windowClosed`), at once because the record was already outside the window (`late`),
   * because its key was null (`nullKey`, KIP-962), or, for joins with a table, because the table
   * had no row for the key (`noMatch`).
   */
  | {
      type: 'join.nonMatchEmitted';
      at: number;
      task: string;
      processor: string;
      side: JoinSide;
      key: string | null;
      value: Json;
      timestampMs: number;
      reason: 'windowClosed' | 'late' | 'nullKey' | 'noMatch';
    }
  /** A stream-table join looked up the table when a stream record arrived. */
  | {
      type: 'join.lookedUp';
      at: number;
      task: string;
      processor: string;
      store: string;
      key: string | null;
      found: boolean;
      timestampMs: number;
    }

  // ── suppression ─────────────────────────────────────────────────────────
  /** `suppress(untilWindowCloses)` took an update into its buffer (replacing the key's earlier update). */
  | {
      type: 'suppress.buffered';
      at: number;
      task: string;
      processor: string;
      store: string;
      key: string;
      windowStartMs: number;
      windowEndMs: number;
      value: Json;
      timestampMs: number;
      streamTimeMs: number;
    }
  /** The suppression buffer released a final result: stream time reached window end + grace. */
  | {
      type: 'suppress.emitted';
      at: number;
      task: string;
      processor: string;
      key: string;
      windowStartMs: number;
      windowEndMs: number;
      value: Json;
      timestampMs: number;
      streamTimeMs: number;
    }

  // ── state stores and time ───────────────────────────────────────────────
  /** A state store wrote (or, with `value` null, deleted) a key; logged stores also write it to their changelog. */
  | {
      type: 'store.put';
      at: number;
      task: string;
      store: string;
      key: string;
      value: Json;
      timestampMs: number;
    }
  /** A task rebuilt a store entry from its changelog (a new instance restoring state). */
  | {
      type: 'store.restored';
      at: number;
      task: string;
      store: string;
      key: string;
      value: Json;
    }
  /** A punctuator ran: on stream time (as data arrived) or on wall-clock time. */
  | {
      type: 'punctuation.fired';
      at: number;
      task: string;
      processor: string;
      punctuationType: PunctuationType;
      timestampMs: number;
    };

/**
 * Stateful functions on the log (simulator/statefun/): a function addressed by (type, id) ran on a
 * message, wrote its state, sent a message to another address. They run inside a stream task, so
 * their state writes, messages and outputs commit with its transaction.
 */
export type StatefunTraceEvent =
  /** A function instance ran on one message. */
  | {
      type: 'statefun.invoked';
      at: number;
      task: string;
      /** The function's address, `type/id`. */
      address: string;
      /** Who sent the message: an address, or `ingress:<topic>`. */
      from: string;
      message: Json;
    }
  /** A function instance's durable state changed (null: cleared). */
  | { type: 'statefun.stateWritten'; at: number; task: string; address: string; value: Json }
  /** A function sent a message to another address, through the log. */
  | {
      type: 'statefun.messageSent';
      at: number;
      task: string;
      from: string;
      to: string;
      message: Json;
    };

/** The two inputs of a join. */
export type JoinSide = 'left' | 'right';

/** Kafka Streams' punctuation types. */
export type PunctuationType = 'STREAM_TIME' | 'WALL_CLOCK_TIME';

export type StreamsTraceEventType = StreamsTraceEvent['type'];

/**
 * The Kafka Streams layer's events (buffers, windows, joins, stores) as a task hands them to its
 * host, stamped with the application instance that ran the task. The simulated runtime has one;
 * the test driver has none, and its events carry no instance (or an undefined one, which the
 * trace's JSON does not show).
 */
export type InstanceStreamsEvent = StreamsTraceEvent & {
  /** The application instance that ran the task. */
  instance?: string;
};

/** A streams event before the task stamps it with `at` and `task`. */
export type StreamsEventBody = StreamsTraceEvent extends infer E
  ? E extends StreamsTraceEvent
    ? Omit<E, 'at' | 'task'>
    : never
  : never;
