import type { Json } from '../../core/types.ts';
import { StreamsException } from '../errors.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { InMemoryKeyValueStore } from '../stores/key-value-store.ts';
import type { Change, StreamRecord } from '../types.ts';
import type { KeyValuePair } from './stateless.ts';

/**
 * `KTable#groupBy`'s `KTableRepartitionMap`: each table update is re-keyed by the selector for
 * both its old and its new value. If both land on the same new key, one record carries both
 * (KIP-904, Kafka 3.5); otherwise the old value goes first, to be subtracted where it was, then
 * the new one, to be added where it goes. Pairs with a null key or value are skipped. The
 * `Change` travels through the repartition topic as the JSON object `{ newValue, oldValue }`.
 */
export function tableRepartitionMapProcessor(selector: (key: string, value: Json) => KeyValuePair) {
  return (): NodeProcessor => {
    let ctx: InternalProcessorContext;
    return {
      init(context) {
        ctx = context;
      },
      process(r: StreamRecord<unknown>) {
        if (r.key === null)
          throw new StreamsException('Record key for the grouping KTable should not be null.');
        const change = r.value as Change;
        const pair = (v: Json) => (v === null ? null : selector(r.key!, v));
        const oldPair = pair(change.oldValue);
        const newPair = pair(change.newValue);
        const usable = (p: KeyValuePair | null): p is KeyValuePair =>
          p !== null && p.key !== null && p.value !== null;
        const send = (key: string | null, c: Change) =>
          ctx.forward({
            key,
            value: c,
            timestampMs: r.timestampMs,
            ...(r.headers ? { headers: r.headers } : {}),
          });
        if (usable(oldPair) && usable(newPair) && oldPair.key === newPair.key) {
          send(newPair.key, { newValue: newPair.value, oldValue: oldPair.value });
          return;
        }
        if (usable(oldPair)) send(oldPair.key, { newValue: null, oldValue: oldPair.value });
        if (usable(newPair)) send(newPair.key, { newValue: newPair.value, oldValue: null });
      },
    };
  };
}

/** Kafka's `Initializer`, adder and subtractor of a grouped table's aggregation. */
export interface TableAggregationFns {
  readonly initializer: () => Json;
  readonly adder: (key: string, value: Json, aggregate: Json) => Json;
  readonly subtractor: (key: string, value: Json, aggregate: Json) => Json;
}

/**
 * `KTableAggregate` (count, reduce, aggregate of a grouped table): for each update, first
 * subtract the old value from the key's aggregate (if both exist), then add the new value (to
 * the initializer's value if there is no aggregate yet), store and forward at once. A key whose
 * aggregate becomes null is deleted.
 */
export function tableAggregateProcessor(storeName: string, fns: TableAggregationFns) {
  return (): NodeProcessor => {
    let ctx: InternalProcessorContext;
    let store: InMemoryKeyValueStore;
    return {
      init(context) {
        ctx = context;
        store = context.getStateStore<InMemoryKeyValueStore>(storeName);
      },
      process(r: StreamRecord<unknown>) {
        if (r.key === null)
          throw new StreamsException(
            'Record key for KTable aggregate operator with state store ' +
              storeName +
              ' should not be null.',
          );
        const change = r.value as Change;
        const old = store.getWithTimestamp(r.key);
        let agg: Json = old ? old.value : null;
        let timestampMs = r.timestampMs;
        if (change.oldValue !== null && agg !== null) {
          agg = fns.subtractor(r.key, change.oldValue, agg);
          timestampMs = Math.max(r.timestampMs, old!.timestampMs);
        }
        if (change.newValue !== null) {
          agg = fns.adder(r.key, change.newValue, agg ?? fns.initializer());
          if (old) timestampMs = Math.max(r.timestampMs, old.timestampMs);
        }
        store.putWithTimestamp(r.key, agg, timestampMs);
        const oldValue = old ? old.value : null;
        ctx.trace({
          type: 'aggregate.updated',
          processor: ctx.processorName,
          store: storeName,
          key: r.key,
          oldValue,
          value: agg,
          timestampMs,
        });
        ctx.forward({ ...r, value: { newValue: agg, oldValue }, timestampMs });
      },
    };
  };
}
