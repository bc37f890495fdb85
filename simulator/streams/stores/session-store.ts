import type { Json } from '../../core/types.ts';
import { cloneJson } from '../json.ts';
import { compareKeys } from '../key-order.ts';
import { NO_TIMESTAMP } from '../types.ts';
import { MinHeap } from './min-heap.ts';
import type { StateStore, StoreContext } from './state-store.ts';
import { parseSessionStoreKey, sessionStoreKey } from './store-keys.ts';

/** One session of one key (Kafka's `KeyValue<Windowed<K>, AGG>` from a session store). */
export interface SessionEntry {
  /** The key. */
  readonly key: string;
  /** The session's first record time, ms (inclusive). */
  readonly startMs: number;
  /** The session's last record time, ms (inclusive). */
  readonly endMs: number;
  /** The session's aggregate. */
  readonly value: Json;
}

/** Kafka Streams' `SessionStore`, with its method names (iterators are array snapshots). */
export interface SessionStore extends StateStore {
  /** Sessions of `key` ending at or after `earliestEndMs` and starting at or before `latestStartMs`. */
  findSessions(key: string, earliestEndMs: number, latestStartMs: number): SessionEntry[];
  /** The aggregate of exactly this session, or null. */
  fetchSession(key: string, startMs: number, endMs: number): Json;
  /** All sessions of `key`. */
  fetch(key: string): SessionEntry[];
  /** Write a session; null removes it. */
  put(key: string, startMs: number, endMs: number, value: Json): void;
  /** Remove a session. */
  remove(key: string, startMs: number, endMs: number): void;
}

interface ExpiryItem {
  readonly end: number;
  readonly order: number;
  readonly key: string;
  readonly start: number;
}

/**
 * An in-memory session store with Kafka's `InMemorySessionStore` semantics: observed stream time
 * is the largest session end put; a session ending at or before stream time - retention is gone.
 * Sessions of a key are kept ordered by end, then start, as Kafka iterates them.
 */
export class InMemorySessionStore implements SessionStore {
  readonly kind = 'session' as const;
  private readonly byKey = new Map<string, SessionEntry[]>();
  private readonly expiry = new MinHeap<ExpiryItem>((a, b) =>
    a.end !== b.end ? a.end < b.end : a.order < b.order,
  );
  private observedStreamTime = NO_TIMESTAMP;
  private order = 0;

  constructor(
    readonly name: string,
    readonly logged: boolean,
    private readonly context: StoreContext,
    /** Sessions ending at or before observed stream time - retention expire, ms. */
    readonly retentionMs: number,
  ) {}

  findSessions(key: string, earliestEndMs: number, latestStartMs: number): SessionEntry[] {
    const minLive = this.observedStreamTime - this.retentionMs + 1;
    return (this.byKey.get(key) ?? []).filter(
      (s) => s.endMs >= earliestEndMs && s.endMs >= minLive && s.startMs <= latestStartMs,
    );
  }

  fetchSession(key: string, startMs: number, endMs: number): Json {
    const found = this.byKey.get(key)?.find((s) => s.startMs === startMs && s.endMs === endMs);
    return found && endMs > this.observedStreamTime - this.retentionMs ? found.value : null;
  }

  fetch(key: string): SessionEntry[] {
    return this.findSessions(key, 0, Number.MAX_SAFE_INTEGER);
  }

  /** Every live session, by key order then end then start. */
  all(): SessionEntry[] {
    const keys = [...this.byKey.keys()].sort(compareKeys);
    return keys.flatMap((key) => this.fetch(key));
  }

  put(key: string, startMs: number, endMs: number, value: Json): void {
    this.observedStreamTime = Math.max(this.observedStreamTime, endMs);
    if (endMs <= this.observedStreamTime - this.retentionMs) return;
    this.write(key, startMs, endMs, value);
    this.context.onWrite(sessionStoreKey(key, startMs, endMs), value, endMs);
    this.expire();
  }

  remove(key: string, startMs: number, endMs: number): void {
    this.put(key, startMs, endMs, null);
  }

  restore(changelogKey: string, value: Json): void {
    const { key, startMs, endMs } = parseSessionStoreKey(changelogKey);
    this.observedStreamTime = Math.max(this.observedStreamTime, endMs);
    if (endMs <= this.observedStreamTime - this.retentionMs) return;
    this.write(key, startMs, endMs, value);
    this.expire();
  }

  private write(key: string, startMs: number, endMs: number, value: Json): void {
    const sessions = this.byKey.get(key) ?? [];
    const at = sessions.findIndex((s) => s.startMs === startMs && s.endMs === endMs);
    if (at >= 0) sessions.splice(at, 1);
    if (value !== null) {
      const entry: SessionEntry = { key, startMs, endMs, value: cloneJson(value) };
      let i = sessions.length;
      while (
        i > 0 &&
        (sessions[i - 1].endMs > endMs ||
          (sessions[i - 1].endMs === endMs && sessions[i - 1].startMs > startMs))
      )
        i--;
      sessions.splice(i, 0, entry);
      this.expiry.push({ end: endMs, order: this.order++, key, start: startMs });
    }
    if (sessions.length > 0) this.byKey.set(key, sessions);
    else this.byKey.delete(key);
  }

  private expire(): void {
    const limit = this.observedStreamTime - this.retentionMs;
    for (let top = this.expiry.peek(); top && top.end <= limit; top = this.expiry.peek()) {
      this.expiry.pop();
      const sessions = this.byKey.get(top.key);
      if (!sessions) continue;
      const rest = sessions.filter((s) => !(s.startMs === top.start && s.endMs === top.end));
      if (rest.length > 0) this.byKey.set(top.key, rest);
      else this.byKey.delete(top.key);
    }
  }
}
