import { describe, expect, it } from 'vitest';
import { readJson, toPointer } from './load-json.ts';

function syntaxError(text: string) {
  const result = readJson(text);
  if (result.ok) throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
  return { message: result.message, ...result.position };
}

describe('readJson', () => {
  it('returns the same value as JSON.parse for valid JSON', () => {
    const text = '{"a": [1, -2.5e3, "x\\u0041\\n", true, false, null], "b": {"c": {}}, "d": []}';
    const result = readJson(text);
    expect(result.ok && result.value).toEqual(JSON.parse(text));
  });

  it('places every value and field name by JSON pointer', () => {
    const text = '{\n  "topics": [\n    {"name": "a/b~c"}\n  ]\n}';
    const result = readJson(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.positionOf('/topics/0')).toEqual({ line: 3, column: 5 });
    expect(result.positionOf('/topics/0/name')).toEqual({ line: 3, column: 14 });
    expect(result.positionOf('/topics/0/name', 'key')).toEqual({ line: 3, column: 6 });
    expect(result.positionOf('/missing')).toBeUndefined();
  });

  it('escapes "~" and "/" in pointers as RFC 6901 says', () => {
    const result = readJson('{"a/b~c": 1}');
    expect(toPointer(['a/b~c', 0])).toBe('/a~1b~0c/0');
    expect(result.ok && result.positionOf('/a~1b~0c')).toEqual({ line: 1, column: 11 });
  });

  it('reports a missing comma between fields with its line and column', () => {
    expect(syntaxError('{\n  "a": 1\n  "b": 2\n}')).toEqual({
      message: "missing ',' before this field",
      line: 3,
      column: 3,
    });
  });

  it('reports a trailing comma', () => {
    expect(syntaxError('{"a": [1, 2,]}')).toMatchObject({ line: 1, column: 13 });
    expect(syntaxError('{"a": 1,\n}').message).toContain("comma before '}'");
  });

  it('reports comments, single quotes and unquoted field names in plain words', () => {
    expect(syntaxError('{\n // note\n "a": 1}')).toMatchObject({ line: 2, column: 2 });
    expect(syntaxError('{\n // note\n "a": 1}').message).toContain('comments are not allowed');
    expect(syntaxError("{'a': 1}").message).toContain('double quotes');
    expect(syntaxError('{a: 1}').message).toBe('field names must be in double quotes: write "a"');
    expect(syntaxError('{"a": True}').message).toContain('unexpected word True');
  });

  it('reports an unclosed object where it was opened', () => {
    expect(syntaxError('{"a": {"b": 1\n')).toMatchObject({ line: 1, column: 7 });
    expect(syntaxError('{"a": {"b": 1\n').message).toContain('never closed');
  });

  it('reports an unterminated string, a bad number and text after the document', () => {
    expect(syntaxError('{"a": "abc')).toMatchObject({ line: 1, column: 7 });
    expect(syntaxError('{"a": 01}').message).toContain('invalid number');
    expect(syntaxError('{"a": -}').message).toContain('invalid number');
    expect(syntaxError('{} {}')).toMatchObject({ line: 1, column: 4 });
    expect(syntaxError('{"a": "x\ny"}').message).toContain('line break inside a string');
  });

  it('reports an empty file', () => {
    expect(syntaxError('  \n').message).toContain('empty');
  });

  it('lists field names that appear twice in one object', () => {
    const result = readJson('{"a": 1,\n "b": {"c": 1, "c": 2},\n "a": 3}');
    expect(result.ok && result.duplicates).toEqual([
      { pointer: '/b/c', position: { line: 2, column: 16 } },
      { pointer: '/a', position: { line: 3, column: 2 } },
    ]);
  });

  it('accepts a byte order mark and CRLF line ends', () => {
    const result = readJson('\ufeff{\r\n"a":\r\n 5}');
    expect(result.ok && result.value).toEqual({ a: 5 });
    expect(result.ok && result.positionOf('/a')).toEqual({ line: 3, column: 2 });
  });

  it('refuses absurdly deep nesting instead of overflowing the stack', () => {
    expect(syntaxError('['.repeat(100_000)).message).toContain('nested more than');
  });
});
