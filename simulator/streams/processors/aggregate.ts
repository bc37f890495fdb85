import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { InMemoryKeyValueStore } from '../stores/key-value-store.ts';
import type { StreamRecord } from '../types.ts';

/** How a grouped stream folds values: Kafka's `Initializer` + `Aggregator`, or a `Reducer`. */
export type AggregationFns =
  | {
      readonly kind: 'aggregate';
      readonly initializer: () => Json;
      readonly aggregator: (key: string, value: Json, aggregate: Json) => Json;
    }
  | { readonly kind: 'reduce'; readonly reducer: (aggregate: Json, value: Json) => Json };

/**
 * `KStreamAggregate` / `KStreamReduce` (count, reduce, aggregate of a grouped stream): records
 * with a null key or value are dropped; otherwise the key's aggregate is updated, stored with
 * timestamp max(record, previous), and forwarded as a `Change` at once (no record cache).
 */
export function aggregateProcessor(storeName: string, fns: AggregationFns) {
  return (): NodeProcessor => {
    let ctx: InternalProcessorContext;
    let store: InMemoryKeyValueStore;
    return {
      init(context) {
        ctx = context;
        store = context.getStateStore<InMemoryKeyValueStore>(storeName);
      },
      process(r: StreamRecord<unknown>) {
        const value = r.value as Json;
        if (r.key === null || value === null) {
          ctx.trace({
            type: 'record.skipped',
            processor: ctx.processorName,
            key: r.key,
            timestampMs: r.timestampMs,
            reason: 'nullKeyOrValue',
          });
          return;
        }
        const old = store.getWithTimestamp(r.key);
        const timestampMs = old ? Math.max(r.timestampMs, old.timestampMs) : r.timestampMs;
        let newAgg: Json;
        if (fns.kind === 'reduce') newAgg = old ? fns.reducer(old.value, value) : value;
        else newAgg = fns.aggregator(r.key, value, old ? old.value : fns.initializer());
        store.putWithTimestamp(r.key, newAgg, timestampMs);
        const oldValue = old ? old.value : null;
        ctx.trace({
          type: 'aggregate.updated',
          processor: ctx.processorName,
          store: storeName,
          key: r.key,
          oldValue,
          value: newAgg,
          timestampMs,
        });
        ctx.forward({ ...r, value: { newValue: newAgg, oldValue }, timestampMs });
      },
    };
  };
}
