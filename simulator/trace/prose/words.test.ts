import { describe, expect, it } from 'vitest';
import {
  count,
  formatField,
  formatInner,
  formatMoney,
  formatNumber,
  formatOffsets,
  formatRuns,
  formatUsd,
  formatValue,
  joinWords,
} from './words.ts';

describe('numbers without float noise', () => {
  it('rounds 0.1 + 0.2 to 0.3 and leaves integers alone', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(20.75)).toBe('20.75');
    expect(formatNumber(1011552326847275)).toBe('1011552326847275');
    expect(formatNumber(-3)).toBe('-3');
  });

  it('keeps two significant digits of a tiny number instead of rounding it to zero', () => {
    expect(formatNumber(0.000123456)).toBe('0.00012');
  });

  it('writes money in the accounts domain with two decimals', () => {
    expect(formatMoney(0.1 + 0.2)).toBe('0.30');
    expect(formatMoney(83)).toBe('83.00');
    expect(formatField('balance', -5)).toBe('-5.00');
    expect(formatField('amount', 0.1 + 0.2)).toBe('0.30');
    expect(formatField('count', 0.1 + 0.2)).toBe('0.3');
  });

  it('writes dollars as cents or, below a cent, as micro-dollars', () => {
    expect(formatUsd(0.1 + 0.2)).toBe('$0.30');
    expect(formatUsd(5.45834025e-7)).toBe('0.55 µUSD');
    expect(formatUsd(0.00000109166805)).toBe('1.09 µUSD');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatField('totalUsd', 0.0123)).toBe('$0.01');
  });
});

describe('lists', () => {
  it('collapses runs of integers to en-dash ranges and counts what is past the limit', () => {
    expect(formatRuns([3, 4, 5, 6, 9])).toBe('3–6 and 9');
    expect(formatRuns([1, 3, 5, 7, 9, 11], 3)).toBe('1, 3, 5 and 3 more');
    expect(formatOffsets([4])).toBe('offset 4');
    expect(formatOffsets([0, 1, 2])).toBe('offsets 0–2');
  });

  it('joins words and counts things in the right number', () => {
    expect(joinWords(['a'])).toBe('a');
    expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(count(1, 'record')).toBe('1 record');
    expect(count(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('values as words, never JSON', () => {
  it('leads with a value type and writes its fields, money with two decimals', () => {
    expect(
      formatValue({ type: 'MoneyDeposited', account: 'b2', commandId: 'bob-3', amount: 83 }),
    ).toBe('MoneyDeposited: account b2, commandId bob-3, amount 83.00');
  });

  it('puts inner objects in parentheses and counts what is too deep', () => {
    expect(formatValue({ state: { user: 'k7', page: '/page/3' }, version: 1 })).toBe(
      'state (user k7, page /page/3), version 1',
    );
    expect(formatValue({ a: { b: { c: 1, d: 2 } } })).toBe('a (b (2 fields))');
  });

  it('names null, empty text, booleans, and lists short or long', () => {
    expect(formatValue(null)).toBe('none');
    expect(formatValue('')).toBe('an empty text');
    expect(formatValue(true)).toBe('yes');
    expect(formatValue(['a', 'b'])).toBe('a and b');
    expect(formatValue([1, 2, 3])).toBe('1–3');
    expect(formatValue([{ a: 1 }, { a: 2 }])).toBe('2 items');
    expect(formatValue({})).toBe('nothing');
  });

  it('groups an object among other fields so its commas stay its own', () => {
    expect(formatInner({ left: 'o1', right: 'p1' })).toBe('(left o1, right p1)');
    expect(formatInner(25)).toBe('25');
  });
});
