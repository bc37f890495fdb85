// lz-string's URI-safe decompression (lz-string 1.5.0, MIT, Pieroxy), rewritten to stop as soon as
// its output passes a limit. A link is untrusted input, and LZ decompression is a bomb by nature:
// a 200,000-character fragment can expand to billions of characters, and lz-string only returns
// once it has built them all, freezing the tab for seconds before any size check can run. Here
// the limit is checked after every entry, so the work is bounded by the limit, not by the link.

const URI_SAFE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const BITS_PER_CHAR = 6;
const VALUE_OF = new Map([...URI_SAFE_ALPHABET].map((ch, i) => [ch, i]));

/** What bounded decompression gives: the text, or why there is none. */
export type Decompressed =
  | { ok: true; text: string }
  | { ok: false; reason: 'damaged' }
  | { ok: false; reason: 'too-large'; limitChars: number };

/** Reads `compressToEncodedURIComponent`'s output, giving up past `maxChars` characters of text. */
export function decompressBounded(input: string, maxChars: number): Decompressed {
  if (input === '') return { ok: false, reason: 'damaged' };
  const bits = bitReader(input.replace(/ /g, '+'));
  const dictionary: string[] = ['', '', ''];
  let numBits = 3;
  let enlargeIn = 4;

  const first = readLiteral(bits, bits.read(2));
  if (first === null) return { ok: false, reason: 'damaged' };
  dictionary.push(first);
  let w = first;
  const parts = [first];
  let length = first.length;

  for (;;) {
    if (bits.exhausted()) return { ok: false, reason: 'damaged' };
    let code = bits.read(numBits);
    if (code === 2) return { ok: true, text: parts.join('') };
    if (code === 0 || code === 1) {
      dictionary.push(readLiteral(bits, code)!);
      code = dictionary.length - 1;
      if (--enlargeIn === 0) [enlargeIn, numBits] = [2 ** numBits, numBits + 1];
    }
    let entry: string;
    if (code < dictionary.length && dictionary[code] !== '') entry = dictionary[code];
    else if (code === dictionary.length) entry = w + w.charAt(0);
    else return { ok: false, reason: 'damaged' };

    length += entry.length;
    if (length > maxChars) return { ok: false, reason: 'too-large', limitChars: maxChars };
    parts.push(entry);
    dictionary.push(w + entry.charAt(0));
    w = entry;
    if (--enlargeIn === 0) [enlargeIn, numBits] = [2 ** numBits, numBits + 1];
  }
}

/** A literal character after code 0 (8 bits) or 1 (16 bits); null for any other code. */
function readLiteral(bits: BitReader, code: number): string | null {
  if (code === 0) return String.fromCharCode(bits.read(8));
  if (code === 1) return String.fromCharCode(bits.read(16));
  return null;
}

type BitReader = { read(count: number): number; exhausted(): boolean };

/** lz-string's bit order: each character holds six bits, most significant first, read low to high. */
function bitReader(input: string): BitReader {
  let index = 0;
  let value = VALUE_OF.get(input.charAt(index++)) ?? 0;
  let position = 1 << (BITS_PER_CHAR - 1);
  return {
    read(count) {
      let bits = 0;
      for (let power = 1, i = 0; i < count; i++, power *= 2) {
        if (value & position) bits += power;
        position >>= 1;
        if (position === 0) {
          position = 1 << (BITS_PER_CHAR - 1);
          value = VALUE_OF.get(input.charAt(index++)) ?? 0;
        }
      }
      return bits;
    },
    // lz-string gives up ("") once it has read past the input's end without an end marker.
    exhausted: () => index > input.length,
  };
}
