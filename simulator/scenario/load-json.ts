/**
 * Reading a scenario's JSON text with positions. `JSON.parse` builds the value, but on Node 20 its
 * messages often carry no position ("Unexpected token 'x', ... is not valid JSON"), and on success
 * it says nothing about where each value sits or about repeated field names (it keeps the last).
 * So a small scanner walks the text first: it finds the first syntax error with its line and
 * column and a message in plain words, records where every value and field name starts (by JSON
 * pointer, so a schema error can name its line), and lists duplicate field names.
 */

/** A place in the text; both 1-based. Columns count UTF-16 code units (a tab is one column). */
export interface TextPosition {
  /** Line number, from 1. */
  line: number;
  /** Column number, from 1. */
  column: number;
}

/** A field name that appears twice in the same object. */
export interface DuplicateField {
  /** JSON pointer of the repeated field. */
  pointer: string;
  /** Where the second occurrence starts. */
  position: TextPosition;
}

/** What `readJson` found: the value with a way to place any pointer, or the first syntax error. */
export type JsonReadResult =
  | {
      ok: true;
      /** The parsed value, exactly as `JSON.parse` returns it. */
      value: unknown;
      /** Where the value at `pointer` (or, with `'key'`, its field name) starts, if it exists. */
      positionOf(pointer: string, part?: 'value' | 'key'): TextPosition | undefined;
      /** Field names repeated inside one object (JSON.parse silently keeps the last). */
      duplicates: DuplicateField[];
    }
  | {
      ok: false;
      /** What is wrong, in plain words. */
      message: string;
      /** Where the problem was found. */
      position: TextPosition;
    };

/** Deeper nesting than this is refused rather than risk the scanner's stack. */
const maxDepth = 256;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer (`/faults/2/at`) from path segments; the root is `''`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => '/' + pointerToken(String(segment))).join('');
}

export function readJson(text: string): JsonReadResult {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const scanner = new Scanner(text, start);
  const lines = lineStarts(text);
  try {
    scanner.document();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false, message: error.message, position: positionAt(lines, error.offset) };
  }
  const value: unknown = JSON.parse(text.slice(start));
  return {
    ok: true,
    value,
    positionOf(pointer, part = 'value') {
      const offset = (part === 'key' ? scanner.keyAt : scanner.valueAt).get(pointer);
      return offset === undefined ? undefined : positionAt(lines, offset);
    },
    duplicates: scanner.duplicates.map(({ pointer, offset }) => ({
      pointer,
      position: positionAt(lines, offset),
    })),
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], offset: number): TextPosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

const numberPattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const wordPattern = /[A-Za-z_$][A-Za-z0-9_$]*/y;

/** A recursive-descent JSON (RFC 8259) recogniser that remembers where things are. */
class Scanner {
  readonly valueAt = new Map<string, number>();
  readonly keyAt = new Map<string, number>();
  readonly duplicates: { pointer: string; offset: number }[] = [];
  private pos: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.pos = start;
  }

  document(): void {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail('the file is empty: expected a JSON object');
    this.value('', 0);
    this.skipSpace();
    if (this.pos < this.text.length) {
      this.fail('unexpected text after the end of the JSON document');
    }
  }

  private value(pointer: string, depth: number): void {
    if (depth > maxDepth) this.fail(`nested more than ${maxDepth} levels deep`);
    this.valueAt.set(pointer, this.pos);
    const c = this.text[this.pos];
    if (c === '{') return this.object(pointer, depth);
    if (c === '[') return this.array(pointer, depth);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    this.literalOrFail();
  }

  private object(pointer: string, depth: number): void {
    const open = this.pos++;
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') return void this.pos++;
    for (;;) {
      const keyStart = this.pos;
      const key = this.key();
      const member = pointer + '/' + pointerToken(key);
      if (seen.has(key)) this.duplicates.push({ pointer: member, offset: keyStart });
      seen.add(key);
      this.keyAt.set(member, keyStart);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after the field name "${key}"`);
      this.pos++;
      this.skipSpace();
      this.expectValue('a value');
      this.value(member, depth + 1);
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === '}') return void this.pos++;
      if (c === ',') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === '}') this.fail("a comma before '}' is not allowed in JSON");
        continue;
      }
      this.afterItemFail('field', '}', open);
    }
  }

  private array(pointer: string, depth: number): void {
    const open = this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') return void this.pos++;
    for (let index = 0; ; index++) {
      this.expectValue('a value');
      this.value(`${pointer}/${index}`, depth + 1);
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ']') return void this.pos++;
      if (c === ',') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === ']') this.fail("a comma before ']' is not allowed in JSON");
        continue;
      }
      this.afterItemFail('item', ']', open);
    }
  }

  /** After an object field or array item came neither a comma nor the closing bracket. */
  private afterItemFail(what: 'field' | 'item', close: string, open: number): never {
    if (this.pos >= this.text.length) {
      const opened = what === 'field' ? 'an object' : 'a list';
      this.failAt(open, `${opened} opened here is never closed: expected '${close}'`);
    }
    const c = this.text[this.pos];
    if (c === '"' || c === '{' || c === '[' || /[-0-9tfn]/.test(c)) {
      this.fail(`missing ',' before this ${what}`);
    }
    this.fail(`expected ',' or '${close}', found ${describeChar(c)}`);
  }

  private key(): string {
    const c = this.text[this.pos];
    if (c === '"') {
      const start = this.pos;
      this.string();
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    }
    if (c === undefined) this.fail("unexpected end of file: expected a field name or '}'");
    if (c === "'") this.fail('field names must be in double quotes, not single quotes');
    wordPattern.lastIndex = this.pos;
    const word = wordPattern.exec(this.text);
    if (word) this.fail(`field names must be in double quotes: write "${word[0]}"`);
    this.fail(`expected a field name in double quotes, found ${describeChar(c)}`);
  }

  private string(): void {
    const open = this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.failAt(open, "this string is never closed: expected '\"'");
      if (c === '"') return void this.pos++;
      if (c === '\n' || c === '\r') this.fail('line break inside a string (write \\n instead)');
      if (c < ' ') this.fail('control character inside a string (escape it)');
      if (c === '\\') this.escape();
      else this.pos++;
    }
  }

  private escape(): void {
    const c = this.text[this.pos + 1];
    if (c !== undefined && '"\\/bfnrt'.includes(c)) return void (this.pos += 2);
    if (c === 'u' && /^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
      return void (this.pos += 6);
    }
    this.fail('invalid escape sequence in a string');
  }

  private number(): void {
    numberPattern.lastIndex = this.pos;
    const match = numberPattern.exec(this.text);
    const end = match ? this.pos + match[0].length : this.pos;
    const next = this.text[end];
    if (!match || (next !== undefined && /[0-9A-Za-z.+-]/.test(next))) {
      this.fail('invalid number (JSON numbers look like 12, -3, 0.5 or 1e6)');
    }
    this.pos = end;
  }

  private literalOrFail(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        if (!/[A-Za-z0-9_$]/.test(this.text[this.pos] ?? ' ')) return;
        this.pos -= word.length;
      }
    }
    const c = this.text[this.pos];
    if (c === "'") this.fail('strings must be in double quotes, not single quotes');
    if (c === '+' || c === '.')
      this.fail('invalid number (JSON numbers look like 12, -3, 0.5 or 1e6)');
    wordPattern.lastIndex = this.pos;
    const word = wordPattern.exec(this.text);
    if (word) {
      this.fail(
        `unexpected word ${word[0]}: JSON values are "strings", numbers, true, false, null, {...} or [...]`,
      );
    }
    this.fail(`expected a value, found ${describeChar(c)}`);
  }

  private expectValue(what: string): void {
    if (this.pos >= this.text.length) this.fail(`unexpected end of file: expected ${what}`);
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*')) {
        this.fail('comments are not allowed in JSON (put notes in "description")');
      } else return;
    }
  }

  private fail(message: string): never {
    this.failAt(this.pos, message);
  }

  private failAt(offset: number, message: string): never {
    throw new JsonSyntaxError(message, offset);
  }
}

function describeChar(c: string | undefined): string {
  if (c === undefined) return 'the end of the file';
  return JSON.stringify(c);
}
