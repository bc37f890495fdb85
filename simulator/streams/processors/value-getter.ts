import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext } from '../processor-api.ts';
import type { InMemoryKeyValueStore, ValueAndTimestamp } from '../stores/key-value-store.ts';

/** Reads a table's current row by key (Kafka's `KTableValueGetter`). */
export interface ValueGetter {
  init(context: InternalProcessorContext): void;
  get(key: string): ValueAndTimestamp | null;
}

/** Makes value getters for the processors that look a table up (Kafka's `KTableValueGetterSupplier`). */
export interface ValueGetterSupplier {
  /** The stores a getter reads: the looking-up processor must be connected to them. */
  readonly storeNames: readonly string[];
  get(): ValueGetter;
}

/** A getter that reads a materialized table's store. */
export function storeValueGetter(storeName: string): ValueGetterSupplier {
  return {
    storeNames: [storeName],
    get() {
      let store: InMemoryKeyValueStore;
      return {
        init(context) {
          store = context.getStateStore<InMemoryKeyValueStore>(storeName);
        },
        get: (key) => store.getWithTimestamp(key),
      };
    },
  };
}

/** The kinds of table-table join. */
export type TableJoinKind = 'inner' | 'left' | 'outer';

/**
 * The getter of a table-table join result, computed from both sides' getters on demand (Kafka's
 * `KTableKTable{Inner,Left,Outer}JoinValueGetter`): the join row is never stored itself.
 */
export function joinValueGetter(
  kind: TableJoinKind,
  left: ValueGetterSupplier,
  right: ValueGetterSupplier,
  joiner: (left: Json, right: Json, key: string) => Json,
): ValueGetterSupplier {
  return {
    storeNames: [...left.storeNames, ...right.storeNames],
    get() {
      const l = left.get();
      const r = right.get();
      return {
        init(context) {
          l.init(context);
          r.init(context);
        },
        get(key) {
          const lv = l.get(key);
          const rv = kind === 'left' && !lv ? null : r.get(key);
          if (kind === 'inner' && (!lv || !rv)) return null;
          if (kind === 'left' && !lv) return null;
          if (kind === 'outer' && !lv && !rv) return null;
          const timestampMs = Math.max(lv?.timestampMs ?? -1, rv?.timestampMs ?? -1);
          return { value: joiner(lv?.value ?? null, rv?.value ?? null, key), timestampMs };
        },
      };
    },
  };
}
