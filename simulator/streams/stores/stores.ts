import { InMemoryKeyValueStore } from './key-value-store.ts';
import { OuterJoinStore } from './outer-join-store.ts';
import { InMemorySessionStore } from './session-store.ts';
import type { StateStore, StoreContext } from './state-store.ts';
import { SuppressBuffer } from './suppress-buffer.ts';
import { InMemoryWindowStore } from './window-store.ts';

/** What a topology knows about a store before any task creates it (plain data). */
export type StoreSpec =
  | { readonly kind: 'keyValue'; readonly name: string; readonly logged: boolean }
  | {
      readonly kind: 'window';
      readonly name: string;
      readonly logged: boolean;
      readonly retentionMs: number;
      readonly windowSizeMs: number;
      readonly retainDuplicates: boolean;
    }
  | {
      readonly kind: 'session';
      readonly name: string;
      readonly logged: boolean;
      readonly retentionMs: number;
    }
  | { readonly kind: 'outerJoin'; readonly name: string; readonly logged: boolean }
  | { readonly kind: 'suppressBuffer'; readonly name: string; readonly logged: boolean };

/** Kafka's `StoreBuilder`: a store description with logging on (the default) or off. */
export class StoreBuilder {
  constructor(readonly spec: StoreSpec) {}

  get name(): string {
    return this.spec.name;
  }

  /** Do not write this store's changes to a changelog topic (a restarted task starts it empty). */
  withLoggingDisabled(): StoreBuilder {
    return new StoreBuilder({ ...this.spec, logged: false });
  }

  /** Write every change to `<application.id>-<name>-changelog` (the default). */
  withLoggingEnabled(): StoreBuilder {
    return new StoreBuilder({ ...this.spec, logged: true });
  }
}

/**
 * Kafka's `Stores` factory for the Processor API. All stores are in memory (Kafka's
 * `inMemory...Store` suppliers); "persistent" RocksDB stores differ only in where bytes live.
 */
export const Stores = {
  /** A key-value store named `name`. */
  keyValueStoreBuilder(name: string): StoreBuilder {
    return new StoreBuilder({ kind: 'keyValue', name: requireName(name), logged: true });
  },
  /** A window store: windows of `windowSizeMs`, kept for `retentionMs` of stream time. */
  windowStoreBuilder(
    name: string,
    options: { retentionMs: number; windowSizeMs: number; retainDuplicates?: boolean },
  ): StoreBuilder {
    if (options.windowSizeMs > options.retentionMs) {
      throw new RangeError(
        `The retention period of the window store ${name} must be no smaller than its window size. Got size=[${options.windowSizeMs}], retention=[${options.retentionMs}]`,
      );
    }
    return new StoreBuilder({
      kind: 'window',
      name: requireName(name),
      logged: true,
      retentionMs: options.retentionMs,
      windowSizeMs: options.windowSizeMs,
      retainDuplicates: options.retainDuplicates ?? false,
    });
  },
  /** A session store keeping sessions for `retentionMs` of stream time after they end. */
  sessionStoreBuilder(name: string, retentionMs: number): StoreBuilder {
    return new StoreBuilder({
      kind: 'session',
      name: requireName(name),
      logged: true,
      retentionMs,
    });
  },
};

function requireName(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new RangeError('A store needs a name');
  return name;
}

/** Create the store a spec describes, for one task. */
export function createStore(spec: StoreSpec, context: StoreContext): StateStore {
  switch (spec.kind) {
    case 'keyValue':
      return new InMemoryKeyValueStore(spec.name, spec.logged, context);
    case 'window':
      return new InMemoryWindowStore(spec.name, spec.logged, context, spec);
    case 'session':
      return new InMemorySessionStore(spec.name, spec.logged, context, spec.retentionMs);
    case 'outerJoin':
      return new OuterJoinStore(spec.name, spec.logged, context);
    case 'suppressBuffer':
      return new SuppressBuffer(spec.name, spec.logged, context);
  }
}
