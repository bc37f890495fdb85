import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeIssue, describeValue, expectation } from './load-issues.ts';

type Node = Parameters<typeof expectation>[0];
const words = (schema: z.ZodType) => expectation(schema as unknown as Node);

function messages(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues
    .flatMap((issue) => describeIssue(issue, schema, input))
    .map((e) => `${e.path} ${e.message}`);
}

describe('expectation', () => {
  it('says what a schema accepts in plain words', () => {
    expect(words(z.int().nonnegative().describe('When, virtual milliseconds'))).toBe(
      'a non-negative integer (virtual ms)',
    );
    expect(words(z.int().positive())).toBe('a positive integer');
    expect(words(z.int().min(1).max(1024).default(1))).toBe('an integer from 1 to 1024');
    expect(words(z.number().min(0.5))).toBe('a number at least 0.5');
    expect(words(z.enum(['delete', 'compact']).default('delete'))).toBe('one of delete, compact');
    expect(words(z.string().min(1).nullable())).toBe('a non-empty string or null');
    expect(words(z.array(z.string()).min(1))).toBe('a non-empty list');
    expect(words(z.tuple([z.string(), z.string()]))).toBe('a list of exactly 2 items');
    expect(words(z.record(z.string(), z.string()))).toBe(
      'an object whose values are each a string',
    );
    expect(words(z.union([z.int().min(1), z.null()]))).toBe('a positive integer, or null');
    expect(words(z.boolean())).toBe('true or false');
  });
});

describe('describeIssue', () => {
  it('walks into discriminated unions by the input to find the field that failed', () => {
    const fault = z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('a'), n: z.int().positive() }),
      z.strictObject({ kind: z.literal('b'), s: z.string() }),
    ]);
    expect(
      messages(z.array(fault), [
        { kind: 'b', s: 3 },
        { kind: 'a', n: 0, x: 1 },
      ]),
    ).toEqual([
      '/0/s expected a string, got 3',
      '/1/n expected a positive integer, got 0',
      '/1/x unknown field "x" (allowed: kind, n)',
    ]);
  });

  it('names a missing field and escapes pointer tokens', () => {
    expect(
      messages(z.strictObject({ 'a/b': z.object({ c: z.boolean() }) }), { 'a/b': {} }),
    ).toEqual(['/a~1b/c missing required field "c": expected true or false']);
  });
});

describe('describeValue', () => {
  it('keeps values short', () => {
    expect(describeValue('x'.repeat(50))).toBe(`"${'x'.repeat(37)}..."`);
    expect(describeValue([1])).toBe('a list of 1 item');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(undefined)).toBe('nothing');
  });
});
