import type { Json } from '../../core/types.ts';

/** The kinds of state store a topology can hold. */
export type StoreKind = 'keyValue' | 'window' | 'session' | 'outerJoin' | 'suppressBuffer';

/**
 * What a store tells its task about every write: the task traces it (`store.put`) and, for a
 * logged store, appends it to the store's changelog. `key` is the changelog key (window and
 * session stores encode the window, see `store-keys.ts`); `value` null is a deletion.
 */
export type StoreWriteListener = (key: string, value: Json, timestampMs: number) => void;

/**
 * Takes a window store's writes with the changelog key in parts (`windowStoreKey(key,
 * windowStartMs, seq)`), for a task that may not need the encoded key (see
 * `StoreContext.windowWrites`). An object with a method, not a function: the store calls the same
 * method for every task, so its optimized code does not hang on one task's closures.
 */
export interface WindowWriteSink {
  write(
    key: string,
    windowStartMs: number,
    seq: number | undefined,
    value: Json,
    timestampMs: number,
  ): void;
}

/** A state store as the task manages it (Kafka's `StateStore`). */
export interface StateStore {
  /** The store's name, unique in the topology. */
  readonly name: string;
  /** Which kind of store this is. */
  readonly kind: StoreKind;
  /** Whether writes are sent to the changelog topic `<application.id>-<name>-changelog`. */
  readonly logged: boolean;
  /** Apply one changelog record while restoring; never logs. */
  restore(changelogKey: string, value: Json, timestampMs: number): void;
}

/** What every store needs from its task. */
export interface StoreContext {
  /** Called after every write. */
  readonly onWrite: StoreWriteListener;
  /** If given, window stores tell this about every write instead of `onWrite`. */
  readonly windowWrites?: WindowWriteSink | null;
  /** The timestamp of the record being processed (used by plain `put` calls), or -1. */
  currentTimestampMs(): number;
}

/** A store context that listens to nothing: for stores used outside a task (tests, tools). */
export const detachedStoreContext: StoreContext = {
  onWrite: () => {},
  currentTimestampMs: () => -1,
};
