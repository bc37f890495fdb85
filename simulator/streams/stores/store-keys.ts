import { StreamsException } from '../errors.ts';

/**
 * Changelog keys of window, session and outer-join stores. Kafka writes these stores' binary
 * keys (key bytes + window start + sequence number, and so on) to their changelogs; we write
 * readable strings instead, and parse them back when restoring. The plain key comes first and the
 * numbers last, so a key containing the separators still parses.
 */

/** `key@start` (or `key@start#seq` for stores that keep duplicates). */
export function windowStoreKey(key: string, windowStartMs: number, seq?: number): string {
  return seq === undefined ? `${key}@${windowStartMs}` : `${key}@${windowStartMs}#${seq}`;
}

export function parseWindowStoreKey(raw: string): {
  key: string;
  windowStartMs: number;
  seq?: number;
} {
  const m = /^([\s\S]*)@(\d+)(?:#(\d+))?$/.exec(raw);
  if (!m) throw new StreamsException(`Not a window store changelog key: "${raw}"`);
  return m[3] === undefined
    ? { key: m[1], windowStartMs: Number(m[2]) }
    : { key: m[1], windowStartMs: Number(m[2]), seq: Number(m[3]) };
}

/** `key@start/end`, as Kafka's `Windowed#toString` without brackets. */
export function sessionStoreKey(key: string, startMs: number, endMs: number): string {
  return `${key}@${startMs}/${endMs}`;
}

export function parseSessionStoreKey(raw: string): { key: string; startMs: number; endMs: number } {
  const m = /^([\s\S]*)@(\d+)\/(\d+)$/.exec(raw);
  if (!m) throw new StreamsException(`Not a session store changelog key: "${raw}"`);
  return { key: m[1], startMs: Number(m[2]), endMs: Number(m[3]) };
}

/** `timestamp|L|key` or `timestamp|R|key`: Kafka's `TimestampedKeyAndJoinSide`. */
export function outerJoinStoreKey(timestampMs: number, left: boolean, key: string): string {
  return `${timestampMs}|${left ? 'L' : 'R'}|${key}`;
}

export function parseOuterJoinStoreKey(raw: string): {
  timestampMs: number;
  left: boolean;
  key: string;
} {
  const m = /^(\d+)\|([LR])\|([\s\S]*)$/.exec(raw);
  if (!m) throw new StreamsException(`Not an outer-join store changelog key: "${raw}"`);
  return { timestampMs: Number(m[1]), left: m[2] === 'L', key: m[3] };
}
