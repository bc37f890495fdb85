import type { Json } from '../../core/types.ts';
import type { StoreContext, WindowWriteSink } from '../stores/state-store.ts';
import type { StoreSpec } from '../stores/stores.ts';
import type { StreamTaskHost } from './stream-task.ts';

/** What a store's writes need of the task that owns the store. */
export interface StoreOwner {
  /** The task id and its host's instance, for `store.put` events. */
  readonly id: string;
  readonly instance: string | undefined;
  /** Whether the host reads trace events. */
  readonly tracing: boolean;
  /** The timestamp of the record being processed, or -1. */
  currentTimestampMs(): number;
}

/**
 * The context a task gives one of its stores: every write is traced (`store.put`) when the host
 * reads events, and a logged store's writes go to its changelog topic. A window store's key
 * reaches a host that takes it in parts (`windowChangelogWriter`, the test driver) unencoded, when
 * no event needs the encoded key: the host then encodes it only if someone reads the changelog.
 * A class, not closures per store: the stores' optimized code then calls the same functions for
 * every task and stays valid when a task (or a test driver) goes away.
 */
export class TaskStoreContext implements StoreContext {
  readonly windowWrites: WindowWriteSink | null;

  constructor(
    private readonly spec: StoreSpec,
    private readonly changelogTopic: string,
    private readonly owner: StoreOwner,
    private readonly host: StreamTaskHost,
  ) {
    this.windowWrites = owner.tracing
      ? null
      : !spec.logged
        ? IGNORED_WRITES
        : spec.kind === 'window' && host.windowChangelogWriter
          ? host.windowChangelogWriter(changelogTopic)
          : null;
  }

  onWrite(key: string, value: Json, timestampMs: number): void {
    const { spec } = this;
    if (this.owner.tracing) this.traceStorePut(key, value, timestampMs);
    if (spec.logged)
      this.host.changelog({
        topic: this.changelogTopic,
        store: spec.name,
        key,
        value,
        timestampMs,
      });
  }

  currentTimestampMs(): number {
    return this.owner.currentTimestampMs();
  }

  /**
   * `store.put`, one per store write (two per record in a join), built in one literal with the
   * keys in the order `StreamTask.emit` gives them (type, at, task, then the body's, the instance
   * last).
   */
  private traceStorePut(key: string, value: Json, timestampMs: number): void {
    const trace = this.host.trace;
    if (!trace) return;
    trace({
      type: 'store.put',
      at: this.host.wallClockMs(),
      task: this.owner.id,
      store: this.spec.name,
      key,
      value,
      timestampMs,
      instance: this.owner.instance,
    });
  }
}

/** Where a write neither traced nor logged goes (so its key is never encoded). */
const IGNORED_WRITES: WindowWriteSink = { write() {} };
