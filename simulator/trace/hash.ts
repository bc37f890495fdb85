import type { TraceEvent } from './events.ts';

/**
 * A stable 64-bit fingerprint of a trace, so two runs can be compared by one short string (golden
 * traces, "same seed gives the same run" in Node and every browser).
 *
 * What is hashed is the canonical JSON text of the whole trace, `[event,event,...]`: keys of every
 * object in sorted (UTF-16 code unit) order, so field order can never change the hash; numbers,
 * strings and literals exactly as `JSON.stringify` prints them; `undefined` object fields left out
 * and `undefined` array items printed as `null`, as `JSON.stringify` does. This is the RFC 8785 (JCS)
 * canonical form. The text is fed, one UTF-16 code unit at a time, through two 32-bit
 * multiply-xor lanes (cyrb53's mixing, widened to the full 64 bits) using `Math.imul` only, so every
 * JavaScript engine gives the same digest. It is not cryptographic: it detects change, it does not
 * resist forgery.
 *
 * The hasher walks the values directly instead of building the text, so a million events hash
 * without a million temporary strings; `canonicalJson` builds the same text the slow way, and a
 * test keeps the two in step.
 */
export class TraceHasher {
  private h1 = SEED_LANE_1;
  private h2 = SEED_LANE_2;
  private count = 0;
  private readonly shapes = new Map<string, { keys: string[]; sorted: string[] }[]>();

  /** Feed the next event of the trace. */
  update(event: TraceEvent): void {
    this.feedCode(this.count === 0 ? OPEN_BRACKET : COMMA);
    this.feedValue(event, false);
    this.count++;
  }

  /** How many events have been fed. */
  get length(): number {
    return this.count;
  }

  /** The digest of the events fed so far, as 16 hex digits; feeding may continue afterwards. */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    if (this.count === 0) {
      h1 = Math.imul(h1 ^ OPEN_BRACKET, MUL_LANE_1);
      h2 = Math.imul(h2 ^ OPEN_BRACKET, MUL_LANE_2);
    }
    h1 = Math.imul(h1 ^ CLOSE_BRACKET, MUL_LANE_1);
    h2 = Math.imul(h2 ^ CLOSE_BRACKET, MUL_LANE_2);
    return finish(h1, h2);
  }

  private feedCode(code: number): void {
    this.h1 = Math.imul(this.h1 ^ code, MUL_LANE_1);
    this.h2 = Math.imul(this.h2 ^ code, MUL_LANE_2);
  }

  /** Feed a string's code units as they are (the caller knows no escaping is needed). */
  private feedRaw(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, MUL_LANE_1);
      h2 = Math.imul(h2 ^ c, MUL_LANE_2);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  private feedString(text: string): void {
    if (needsEscape(text)) {
      this.feedRaw(JSON.stringify(text));
      return;
    }
    this.feedCode(QUOTE);
    this.feedRaw(text);
    this.feedCode(QUOTE);
  }

  private feedNumber(n: number): void {
    // Small integers are most numbers in a trace: print their digits without making a string.
    if (n === (n | 0) && n > -1_000_000_000 && n < 1_000_000_000 && !Object.is(n, -0)) {
      if (n < 0) {
        this.feedCode(MINUS);
        n = -n;
      }
      let divisor = 1;
      while (divisor * 10 <= n) divisor *= 10;
      for (;;) {
        const digit = (n / divisor) | 0;
        this.feedCode(DIGIT_ZERO + digit);
        n -= digit * divisor;
        if (divisor === 1) return;
        divisor /= 10;
      }
    }
    this.feedRaw(Number.isFinite(n) ? String(n) : 'null');
  }

  /** Feed one value; `inArray` decides how `undefined` prints (`null` in arrays). */
  private feedValue(value: unknown, inArray: boolean): void {
    switch (typeof value) {
      case 'string':
        return this.feedString(value);
      case 'number':
        return this.feedNumber(value);
      case 'boolean':
        return this.feedRaw(value ? 'true' : 'false');
      case 'undefined':
        if (inArray) return this.feedRaw('null');
        throw new TypeError('traceHash: undefined is not JSON');
      case 'object':
        if (value === null) return this.feedRaw('null');
        if (Array.isArray(value)) return this.feedArray(value);
        return this.feedObject(value as Record<string, unknown>);
      default:
        throw new TypeError(`traceHash: a ${typeof value} is not JSON`);
    }
  }

  private feedArray(items: readonly unknown[]): void {
    this.feedCode(OPEN_BRACKET);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.feedCode(COMMA);
      this.feedValue(items[i], true);
    }
    this.feedCode(CLOSE_BRACKET);
  }

  /**
   * The keys in sorted order. Objects of one shape list their keys in one order, so the sorted
   * order is remembered per shape (bucketed by last key, checked key by key): sorting every
   * object's keys was 40% of the time.
   */
  private sortedKeys(keys: string[]): readonly string[] {
    if (keys.length < 2) return keys;
    const last = keys[keys.length - 1];
    let bucket = this.shapes.get(last);
    if (bucket === undefined) {
      bucket = [];
      this.shapes.set(last, bucket);
    }
    for (let b = 0; b < bucket.length; b++) {
      if (sameKeys(bucket[b].keys, keys)) return bucket[b].sorted;
    }
    // Default sort compares UTF-16 code units; keys of one object are distinct, so it never ties.
    const sorted = [...keys].sort();
    if (bucket.length < MAX_SHAPES_PER_BUCKET) bucket.push({ keys, sorted });
    return sorted;
  }

  private feedObject(object: Record<string, unknown>): void {
    const keys = this.sortedKeys(Object.keys(object));
    this.feedCode(OPEN_BRACE);
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const value = object[keys[i]];
      if (value === undefined || typeof value === 'function') continue;
      if (!first) this.feedCode(COMMA);
      first = false;
      this.feedString(keys[i]);
      this.feedCode(COLON);
      this.feedValue(value, false);
    }
    this.feedCode(CLOSE_BRACE);
  }
}

/** The 64-bit hash of a whole trace, as 16 hex digits (see `TraceHasher`). */
export function traceHash(events: readonly TraceEvent[]): string {
  const hasher = new TraceHasher();
  for (let i = 0; i < events.length; i++) hasher.update(events[i]);
  return hasher.digest();
}

/** The hash of a text, as 16 hex digits: what `TraceHasher` computes over the canonical JSON. */
export function hashText(text: string): string {
  let h1 = SEED_LANE_1;
  let h2 = SEED_LANE_2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, MUL_LANE_1);
    h2 = Math.imul(h2 ^ c, MUL_LANE_2);
  }
  return finish(h1, h2);
}

/** The canonical JSON text of a plain JSON value (sorted keys); the reference for the hasher. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const object = value as Record<string, unknown>;
  const fields = Object.keys(object)
    .sort()
    .filter((key) => object[key] !== undefined && typeof object[key] !== 'function')
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${fields.join(',')}}`;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when JSON.stringify would escape something in `text` (or reject a lone surrogate). */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === QUOTE || c === BACKSLASH || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

function finish(h1: number, h2: number): string {
  // cyrb53's final avalanche, keeping all 32 bits of both lanes.
  let a = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  a ^= Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  let b = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  b ^= Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return hex8(b >>> 0) + hex8(a >>> 0);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

const MAX_SHAPES_PER_BUCKET = 16;
const SEED_LANE_1 = 0xdeadbeef ^ 0x5157;
const SEED_LANE_2 = 0x41c6ce57 ^ 0x5157;
const MUL_LANE_1 = 0x9e3779b1;
const MUL_LANE_2 = 0x5f356495;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_ZERO = 0x30;
