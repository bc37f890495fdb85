import { describe, expect, it } from 'vitest';
import { renderJson } from './result-json.ts';

describe('renderJson', () => {
  it('keeps short values on one line and expands long ones with two-space indentation', () => {
    const long = 'x'.repeat(120);
    expect(renderJson({ a: 1, b: [1, 2] }, '')).toBe('{"a":1,"b":[1,2]}');
    expect(renderJson({ short: { a: 1 }, long: [long] }, '')).toBe(
      `{\n  "short": {"a":1},\n  "long": [\n    "${long}"\n  ]\n}`,
    );
  });

  it('is valid JSON equal to the value', () => {
    const value = { list: Array.from({ length: 60 }, (_, i) => ({ i, s: `v${i}` })), n: null };
    expect(JSON.parse(renderJson(value, ''))).toEqual(value);
  });
});
