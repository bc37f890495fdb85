import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { Change, StreamRecord } from '../types.ts';

/** A key-value pair a mapper returns (Kafka's `KeyValue`). */
export interface KeyValuePair {
  /** The key. */
  readonly key: string | null;
  /** The value. */
  readonly value: Json;
}

/**
 * The stateless DSL processors (Kafka's `KStreamFilter`, `KStreamMap`, ...). User functions get
 * the plain key; a windowed record keeps its window unless the function replaces the key.
 * Each is a class of its own at module level, its function passed in: a class made per processor
 * would give every task's processors new hidden classes, and the optimized code that forwards
 * records would be thrown away each time a task (or a test driver) goes away.
 */
abstract class Forwarding implements NodeProcessor {
  protected ctx!: InternalProcessorContext;

  init(context: InternalProcessorContext): void {
    this.ctx = context;
  }

  abstract process(record: StreamRecord<unknown>): void;
}

class Filter extends Forwarding {
  constructor(
    private readonly predicate: (key: string | null, value: Json) => boolean,
    private readonly not: boolean,
  ) {
    super();
  }

  process(r: StreamRecord<unknown>): void {
    if (this.predicate(r.key, r.value as Json) !== this.not) this.ctx.forward(r);
  }
}

/** `filter` / `filterNot`: forward the records the predicate accepts (or rejects). */
export function filterProcessor(
  predicate: (key: string | null, value: Json) => boolean,
  not: boolean,
): () => NodeProcessor {
  return () => new Filter(predicate, not);
}

class MapRecord extends Forwarding {
  constructor(private readonly mapper: (key: string | null, value: Json) => KeyValuePair) {
    super();
  }

  process(r: StreamRecord<unknown>): void {
    const kv = this.mapper(r.key, r.value as Json);
    this.ctx.forward(rekeyed(r, kv.key, kv.value));
  }
}

/** `map`: a new key and value per record (marks the stream for repartitioning). */
export function mapProcessor(
  mapper: (key: string | null, value: Json) => KeyValuePair,
): () => NodeProcessor {
  return () => new MapRecord(mapper);
}

class MapValues extends Forwarding {
  constructor(private readonly mapper: (value: Json, key: string | null) => Json) {
    super();
  }

  process(r: StreamRecord<unknown>): void {
    this.ctx.forward({ ...r, value: this.mapper(r.value as Json, r.key) });
  }
}

/** `mapValues`: a new value per record; the key (and window) stay. */
export function mapValuesProcessor(
  mapper: (value: Json, key: string | null) => Json,
): () => NodeProcessor {
  return () => new MapValues(mapper);
}

class FlatMap extends Forwarding {
  constructor(
    private readonly mapper: (key: string | null, value: Json) => readonly KeyValuePair[],
  ) {
    super();
  }

  process(r: StreamRecord<unknown>): void {
    for (const kv of this.mapper(r.key, r.value as Json))
      this.ctx.forward(rekeyed(r, kv.key, kv.value));
  }
}

/** `flatMap`: zero or more new records per record. */
export function flatMapProcessor(
  mapper: (key: string | null, value: Json) => readonly KeyValuePair[],
): () => NodeProcessor {
  return () => new FlatMap(mapper);
}

class FlatMapValues extends Forwarding {
  constructor(private readonly mapper: (value: Json, key: string | null) => readonly Json[]) {
    super();
  }

  process(r: StreamRecord<unknown>): void {
    for (const value of this.mapper(r.value as Json, r.key)) this.ctx.forward({ ...r, value });
  }
}

/** `flatMapValues`: zero or more new values per record, same key. */
export function flatMapValuesProcessor(
  mapper: (value: Json, key: string | null) => readonly Json[],
): () => NodeProcessor {
  return () => new FlatMapValues(mapper);
}

class SelectKey extends Forwarding {
  constructor(private readonly mapper: (key: string | null, value: Json) => string | null) {
    super();
  }

  process(r: StreamRecord<unknown>): void {
    this.ctx.forward(rekeyed(r, this.mapper(r.key, r.value as Json), r.value as Json));
  }
}

/** `selectKey`: a new key per record (marks the stream for repartitioning). */
export function selectKeyProcessor(
  mapper: (key: string | null, value: Json) => string | null,
): () => NodeProcessor {
  return () => new SelectKey(mapper);
}

class Peek extends Forwarding {
  constructor(
    private readonly action: (key: string | null, value: Json) => void,
    private readonly forwards: boolean,
  ) {
    super();
  }

  process(r: StreamRecord<unknown>): void {
    this.action(r.key, r.value as Json);
    if (this.forwards) this.ctx.forward(r);
  }
}

/** `peek` (forwards) and `foreach` (a terminal operation): call `action` for each record. */
export function peekProcessor(
  action: (key: string | null, value: Json) => void,
  forward: boolean,
): () => NodeProcessor {
  return () => new Peek(action, forward);
}

class PassThrough extends Forwarding {
  process(r: StreamRecord<unknown>): void {
    this.ctx.forward(r);
  }
}

/** `merge` and join merges: forward everything unchanged (Kafka's `PassThrough`). */
export function passThroughProcessor(): () => NodeProcessor {
  return () => new PassThrough();
}

class ToStream extends Forwarding {
  process(r: StreamRecord<unknown>): void {
    this.ctx.forward({ ...r, value: (r.value as Change).newValue });
  }
}

/** `KTable#toStream`: a table update becomes a record of its new value (null for a deletion). */
export function toStreamProcessor(): () => NodeProcessor {
  return () => new ToStream();
}

/** `KStreamFilter` for repartition topics: records with a null key cannot be partitioned; drop them. */
export function dropNullKeysProcessor(): () => NodeProcessor {
  return filterProcessor((key) => key !== null, false);
}

function rekeyed(r: StreamRecord<unknown>, key: string | null, value: Json): StreamRecord<unknown> {
  const out: StreamRecord<unknown> = { key, value, timestampMs: r.timestampMs };
  return r.headers ? { ...out, headers: r.headers } : out;
}
