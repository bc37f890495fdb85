/**
 * Ids of records a stream processor writes. A record produced while processing input record `parent`
 * gets an id derived from the parent's id, the topic and its position among that input's outputs, so
 * reprocessing the same input (after a crash, under at-least-once) writes records with the *same*
 * ids, and the checks can tell a duplicate from a new record. 52 bits from two 32-bit FNV-1a lanes
 * over the text `${parent}|${salt}|${index}`, above 2^40 so they never meet workload ids.
 */
export function deriveRecordId(parent: number, salt: string, index: number): number {
  if (isPlainCount(parent) && isPlainCount(index)) {
    // The same hash without building the text: this runs for every record a processor writes,
    // and the text cost a number-to-string conversion, a concatenation and a flattening each.
    hashParent(parent);
    hashText(salt);
    hashText('|');
    hashDigits(index);
  } else {
    lanes[0] = 0x811c9dc5;
    lanes[1] = 0x01000193;
    hashText(`${parent}|${salt}|${index}`);
  }
  const high = (lanes[1] >>> 0) & 0xfff; // 12 bits: 2^40 * (1 + high) stays below 2^53
  // The low lane, unsigned, is below 2^32 and so already its own remainder modulo 2^40: taking
  // that remainder (a floating-point `%`, which costs a library call) changes nothing.
  return (high + 1) * 0x100_0000_0000 + (lanes[0] >>> 0);
}

/**
 * The two lanes of the hash being computed, and the digits of a count being hashed: scratch space,
 * so the helpers return nothing to allocate (an Int32Array keeps the lanes unboxed; every use of a
 * lane converts it to 32 bits anyway). `deriveRecordId` resets the lanes and re-enters nothing.
 */
const lanes = new Int32Array(2);
const digits = new Uint8Array(8);

/**
 * The lanes after `${parent}|`, and the parent they are of: a record's writes (a join's result, then
 * its store's changelog record) come one after another with the same parent, whose digits are then
 * hashed once. The lanes are a function of the parent alone, so reusing them changes nothing.
 */
const afterParent = new Int32Array(2);
let afterParentOf = -1;

/** Set the lanes to the hash of `${parent}|` (a plain count). */
function hashParent(parent: number): void {
  if (parent !== afterParentOf) {
    lanes[0] = 0x811c9dc5;
    lanes[1] = 0x01000193;
    hashDigits(parent);
    hashText('|');
    afterParent[0] = lanes[0];
    afterParent[1] = lanes[1];
    afterParentOf = parent;
  } else {
    lanes[0] = afterParent[0];
    lanes[1] = afterParent[1];
  }
}

/** Mix the UTF-16 code units of `text` into the lanes. */
function hashText(text: string): void {
  let lo = lanes[0];
  let hi = lanes[1];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    lo = Math.imul(lo ^ code, 0x01000193);
    hi = Math.imul(hi ^ code, 0x5bd1e995);
  }
  lanes[0] = lo;
  lanes[1] = hi;
}

/** A number whose text is its plain decimal digits: a non-negative safe integer (no sign, no exponent). */
function isPlainCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * Mix in the decimal digits of a plain count as its text has them, most significant first. The
 * digits come from 32-bit integer arithmetic, which is fast, eight at a time: a double's `%` and
 * `/` per digit cost more than the text did.
 */
function hashDigits(n: number): void {
  if (n < 1e8) return hashEight(n, false);
  // high < 2^53 / 10^8 < 2^27, where a double's spacing is at most 2^-26: the quotient's fraction,
  // at most 1 - 10^-8, cannot round up to the next integer, so the floor is exact, and so is low.
  const high = Math.floor(n / 1e8);
  hashEight(high, false);
  hashEight(n - high * 1e8, true);
}

/** The digits of `n` < 10^8, padded with leading zeros to eight when it follows higher digits. */
function hashEight(n: number, padded: boolean): void {
  let count = 0;
  let rest = n | 0;
  do {
    const quotient = (rest / 10) | 0;
    digits[count++] = rest - quotient * 10;
    rest = quotient;
  } while (rest > 0);
  if (padded) while (count < 8) digits[count++] = 0;
  let lo = lanes[0];
  let hi = lanes[1];
  while (count > 0) {
    const code = 0x30 + digits[--count]; // '0' + digit
    lo = Math.imul(lo ^ code, 0x01000193);
    hi = Math.imul(hi ^ code, 0x5bd1e995);
  }
  lanes[0] = lo;
  lanes[1] = hi;
}
