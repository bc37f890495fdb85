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
 */
abstract class Forwarding implements NodeProcessor {
  protected ctx!: InternalProcessorContext;

  init(context: InternalProcessorContext): void {
    this.ctx = context;
  }

  abstract process(record: StreamRecord<unknown>): void;
}

/** `filter` / `filterNot`: forward the records the predicate accepts (or rejects). */
export function filterProcessor(
  predicate: (key: string | null, value: Json) => boolean,
  not: boolean,
) {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        if (predicate(r.key, r.value as Json) !== not) this.ctx.forward(r);
      }
    })();
}

/** `map`: a new key and value per record (marks the stream for repartitioning). */
export function mapProcessor(mapper: (key: string | null, value: Json) => KeyValuePair) {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        const kv = mapper(r.key, r.value as Json);
        this.ctx.forward(rekeyed(r, kv.key, kv.value));
      }
    })();
}

/** `mapValues`: a new value per record; the key (and window) stay. */
export function mapValuesProcessor(mapper: (value: Json, key: string | null) => Json) {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        this.ctx.forward({ ...r, value: mapper(r.value as Json, r.key) });
      }
    })();
}

/** `flatMap`: zero or more new records per record. */
export function flatMapProcessor(
  mapper: (key: string | null, value: Json) => readonly KeyValuePair[],
) {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        for (const kv of mapper(r.key, r.value as Json))
          this.ctx.forward(rekeyed(r, kv.key, kv.value));
      }
    })();
}

/** `flatMapValues`: zero or more new values per record, same key. */
export function flatMapValuesProcessor(
  mapper: (value: Json, key: string | null) => readonly Json[],
) {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        for (const value of mapper(r.value as Json, r.key)) this.ctx.forward({ ...r, value });
      }
    })();
}

/** `selectKey`: a new key per record (marks the stream for repartitioning). */
export function selectKeyProcessor(mapper: (key: string | null, value: Json) => string | null) {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        this.ctx.forward(rekeyed(r, mapper(r.key, r.value as Json), r.value as Json));
      }
    })();
}

/** `peek` (forwards) and `foreach` (a terminal operation): call `action` for each record. */
export function peekProcessor(action: (key: string | null, value: Json) => void, forward: boolean) {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        action(r.key, r.value as Json);
        if (forward) this.ctx.forward(r);
      }
    })();
}

/** `merge` and join merges: forward everything unchanged (Kafka's `PassThrough`). */
export function passThroughProcessor() {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        this.ctx.forward(r);
      }
    })();
}

/** `KTable#toStream`: a table update becomes a record of its new value (null for a deletion). */
export function toStreamProcessor() {
  return () =>
    new (class extends Forwarding {
      process(r: StreamRecord<unknown>): void {
        this.ctx.forward({ ...r, value: (r.value as Change).newValue });
      }
    })();
}

/** `KStreamFilter` for repartition topics: records with a null key cannot be partitioned; drop them. */
export function dropNullKeysProcessor() {
  return filterProcessor((key) => key !== null, false);
}

function rekeyed(r: StreamRecord<unknown>, key: string | null, value: Json): StreamRecord<unknown> {
  const out: StreamRecord<unknown> = { key, value, timestampMs: r.timestampMs };
  return r.headers ? { ...out, headers: r.headers } : out;
}
