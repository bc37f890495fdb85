import type { Json } from '../../core/types.ts';
import type { StoreContext } from '../stores/state-store.ts';
import type { StoreSpec } from '../stores/stores.ts';
import type { StreamTaskHost } from './stream-task.ts';

/** What a store's writes need of the task that owns the store. */
export interface StoreOwner {
  /** The task id and its host's instance, for `store.put` events. */
  readonly id: string;
  readonly instance: string | undefined;
  readonly host: StreamTaskHost;
  /** Whether the host reads trace events. */
  readonly tracing: boolean;
  /** The timestamp of the record being processed, or -1. */
  currentTimestampMs(): number;
}

/**
 * The context a task gives one of its stores: every write is traced (`store.put`) when the host
 * reads events, and a logged store's writes go to its changelog topic. A window store's key
 * reaches a host that takes it in parts (`windowChangelogWriter`, the test driver) unencoded, when no
 * event needs the encoded key: the host then encodes it only if someone reads the changelog.
 */
export function taskStoreContext(
  spec: StoreSpec,
  changelogTopic: string,
  owner: StoreOwner,
): StoreContext {
  const { host } = owner;
  const onWrite = (key: string, value: Json, timestampMs: number): void => {
    if (owner.tracing) traceStorePut(owner, spec.name, key, value, timestampMs);
    if (spec.logged)
      host.changelog({ topic: changelogTopic, store: spec.name, key, value, timestampMs });
  };
  const currentTimestampMs = () => owner.currentTimestampMs();
  if (owner.tracing) return { onWrite, currentTimestampMs };
  if (!spec.logged) return { onWrite, onWindowWrite: ignoreWrite, currentTimestampMs };
  if (!host.windowChangelogWriter || spec.kind !== 'window') return { onWrite, currentTimestampMs };
  return { onWrite, onWindowWrite: host.windowChangelogWriter(changelogTopic), currentTimestampMs };
}

/** Nothing to do: the write is neither traced nor logged (so its key is never encoded). */
function ignoreWrite(): void {}

/**
 * `store.put`, one per store write (two per record in a join), built in one literal with the keys
 * in the order `StreamTask.emit` gives them (type, at, task, then the body's, the instance last).
 */
function traceStorePut(
  owner: StoreOwner,
  store: string,
  key: string,
  value: Json,
  timestampMs: number,
): void {
  const trace = owner.host.trace;
  if (!trace) return;
  const at = owner.host.wallClockMs();
  trace({
    type: 'store.put',
    at,
    task: owner.id,
    store,
    key,
    value,
    timestampMs,
    instance: owner.instance,
  });
}
