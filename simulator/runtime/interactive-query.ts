import type { Json } from '../core/types.ts';
import type { TraceEvent } from '../trace/events.ts';

/** Where a key lives and what it holds, as an interactive query answers it. */
export type QueryAnswer =
  | { found: true; value: Json; instance: string; task: string }
  | { found: false; reason: 'noSuchKey' | 'noActiveTask' };

/**
 * Interactive queries: read a state store of a running application from outside, as of a virtual
 * time — the query side of CQRS, the stream processor serving as a database (Kafka Streams'
 * `KafkaStreams#store` with `StoreQueryParameters`, plus `queryMetadataForKey` to find the host).
 *
 * Answered from the trace alone: each instance's copy of each task's store is rebuilt from its
 * `store.restored` and `store.put` events; a task that is revoked, or whose instance crashed, stops
 * answering (its state is gone until another instance restores it). Only active tasks answer, as
 * Kafka Streams' default (no stale standby reads). Keys are as the store holds them (window and
 * session stores encode the window in the key).
 */
export class StoreQueries {
  /** `${instance}\u0000${task}\u0000${store}` → the store's contents on that instance. */
  private readonly copies = new Map<string, Map<string, Json>>();
  private index = 0;
  private atMs = -1;

  constructor(private readonly events: readonly TraceEvent[]) {}

  /** The value of `key` in `store` as of `atMs` (the events up to and including that time). */
  query(store: string, key: string, atMs: number): QueryAnswer {
    this.advanceTo(atMs);
    let active = false;
    for (const [where, contents] of this.copies) {
      const [instance, task, name] = where.split('\u0000');
      if (name !== store) continue;
      active = true;
      if (contents.has(key)) return { found: true, value: contents.get(key)!, instance, task };
    }
    return { found: false, reason: active ? 'noSuchKey' : 'noActiveTask' };
  }

  /** Every key and value of `store` across the active tasks, as of `atMs`, sorted by key. */
  all(store: string, atMs: number): { key: string; value: Json; instance: string; task: string }[] {
    this.advanceTo(atMs);
    const out: { key: string; value: Json; instance: string; task: string }[] = [];
    for (const [where, contents] of this.copies) {
      const [instance, task, name] = where.split('\u0000');
      if (name !== store) continue;
      for (const [key, value] of contents) out.push({ key, value, instance, task });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private advanceTo(atMs: number): void {
    if (atMs < this.atMs) {
      // Queries usually move forward in time; going back means folding again from the start.
      this.copies.clear();
      this.index = 0;
    }
    this.atMs = atMs;
    for (; this.index < this.events.length && this.events[this.index].at <= atMs; this.index++) {
      this.apply(this.events[this.index]);
    }
  }

  private apply(e: TraceEvent): void {
    switch (e.type) {
      case 'store.put':
      case 'store.restored': {
        if (e.instance === undefined) return;
        const where = `${e.instance}\u0000${e.task}\u0000${e.store}`;
        let contents = this.copies.get(where);
        if (!contents) this.copies.set(where, (contents = new Map()));
        if (e.value === null) contents.delete(e.key);
        else contents.set(e.key, e.value);
        return;
      }
      case 'task.revoked':
        return this.drop((instance, task) => instance === e.instance && task === e.task);
      case 'actor.crashed':
        return this.drop((instance) => instance === e.actor);
    }
  }

  private drop(matches: (instance: string, task: string) => boolean): void {
    for (const where of [...this.copies.keys()]) {
      const [instance, task] = where.split('\u0000');
      if (matches(instance, task)) this.copies.delete(where);
    }
  }
}
