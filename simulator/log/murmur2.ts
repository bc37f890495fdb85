/**
 * Kafka's `Utils.murmur2`: the 32-bit MurmurHash2 variant the Java producer uses to hash a record's
 * key to a partition (seed 0x9747b28c). Every other Kafka client that wants to co-partition with
 * Java producers implements exactly this, so a key lands on the same partition here as in Kafka.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** One 4-byte block `k` (little-endian) mixed into the running hash `h`. */
function mixBlock(h: number, k: number): number {
  k = Math.imul(k, M);
  k ^= k >>> R;
  k = Math.imul(k, M);
  return Math.imul(h, M) ^ k;
}

/** The last avalanche, after the tail bytes, as Java's signed `int`. */
function finalMix(h: number): number {
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The hash of some bytes, as Java's signed 32-bit `int` (so it can be compared with Kafka's own
 * test values, which are negative as often as not).
 */
export function murmur2(data: ArrayLike<number>): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    const k =
      (data[i4] & 0xff) |
      ((data[i4 + 1] & 0xff) << 8) |
      ((data[i4 + 2] & 0xff) << 16) |
      ((data[i4 + 3] & 0xff) << 24);
    h = mixBlock(h, k);
  }
  // Java's tail is a switch that falls through 3 → 2 → 1; spelled out as ifs here.
  const rest = length & 3;
  const tail = length & ~3;
  if (rest === 3) h ^= (data[tail + 2] & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1] & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail] & 0xff;
    h = Math.imul(h, M);
  }
  return finalMix(h);
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which overflows on MIN_VALUE). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/**
 * The UTF-8 bytes of a string as Java's `String.getBytes(UTF_8)` produces them, which is what
 * Kafka's `StringSerializer` sends. Encoded by hand rather than with `TextEncoder` because the two
 * differ on a lone surrogate: Java writes `?` (0x3f), `TextEncoder` writes U+FFFD.
 */
export function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        out.push(0x3f);
        continue;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else {
      out.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 0x3f),
        0x80 | ((c >> 6) & 0x3f),
        0x80 | (c & 0x3f),
      );
    }
  }
  return out;
}

/** `murmur2` over the UTF-8 bytes of a string key (what a `StringSerializer` key hashes to). */
export function murmur2String(text: string): number {
  const ascii = murmur2Ascii(text);
  return ascii !== NOT_ASCII ? ascii : murmur2(utf8Bytes(text));
}

/** What `murmur2Ascii` answers for a string with a character above 0x7f (no hash is odd-sized). */
const NOT_ASCII = 0.5;

/**
 * `murmur2(utf8Bytes(text))` for a string of ASCII characters, whose UTF-8 bytes are its char
 * codes: the same steps as `murmur2`, reading the characters directly, so hashing a key allocates
 * no byte array (keys are hashed once per record, and most keys are ASCII). Any character above
 * 0x7f, whose bytes differ from its code, makes it give up with NOT_ASCII.
 */
function murmur2Ascii(text: string): number {
  const length = text.length;
  let h = (SEED ^ length) | 0;
  const tail = length & ~3;
  for (let i = 0; i < tail; i += 4) {
    const b0 = text.charCodeAt(i);
    const b1 = text.charCodeAt(i + 1);
    const b2 = text.charCodeAt(i + 2);
    const b3 = text.charCodeAt(i + 3);
    if ((b0 | b1 | b2 | b3) > 0x7f) return NOT_ASCII;
    h = mixBlock(h, b0 | (b1 << 8) | (b2 << 16) | (b3 << 24));
  }
  const rest = length & 3;
  for (let i = tail; i < length; i++) if (text.charCodeAt(i) > 0x7f) return NOT_ASCII;
  if (rest === 3) h ^= text.charCodeAt(tail + 2) << 16;
  if (rest >= 2) h ^= text.charCodeAt(tail + 1) << 8;
  if (rest >= 1) {
    h ^= text.charCodeAt(tail);
    h = Math.imul(h, M);
  }
  return finalMix(h);
}
