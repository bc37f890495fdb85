import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { InMemoryKeyValueStore } from '../stores/key-value-store.ts';
import type { Change, StreamRecord } from '../types.ts';

/**
 * `KTableSource` (behind `builder.table()` and `stream.toTable()`): each record upserts its key
 * in the table's store (null deletes) and goes downstream as a `Change` of new and old value.
 * Records with a null key are dropped. Simplifications: the table is always materialized and
 * always sends old values (Kafka does both when a join or a query needs it, which is when they
 * matter); no cache, so every update is forwarded.
 */
export function tableSourceProcessor(storeName: string) {
  return (): NodeProcessor => {
    let ctx: InternalProcessorContext;
    let store: InMemoryKeyValueStore;
    return {
      init(context) {
        ctx = context;
        store = context.getStateStore<InMemoryKeyValueStore>(storeName);
      },
      process(r: StreamRecord<unknown>) {
        if (r.key === null) {
          ctx.trace({
            type: 'record.skipped',
            processor: ctx.processorName,
            key: null,
            timestampMs: r.timestampMs,
            reason: 'nullKey',
          });
          return;
        }
        const value = r.value as Json;
        const old = store.get(r.key);
        store.putWithTimestamp(r.key, value, r.timestampMs);
        const change: Change = { newValue: value, oldValue: old };
        ctx.forward({ ...r, value: change });
      },
    };
  };
}
