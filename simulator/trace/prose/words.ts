import type { Json } from '../../core/types.ts';

/**
 * Numbers, amounts, lists and values as a reader reads them, for the event log's sentences and
 * the checks' messages. Nothing here prints JSON: a value is words (`balance 83.00, version 2`),
 * a list is counted or shown as a range, and a float never shows its binary noise.
 */

/** Fields whose numbers are money in the accounts domain: shown with two decimals. */
const moneyFields = new Set(['amount', 'balance']);

/** Fields whose numbers are US dollars (the serverless price table). */
const usdFields = new Set(['usd', 'totalUsd', 'costUsd']);

/** An integer as it is; anything else rounded to two decimals, trailing zeros trimmed (0.1+0.2 is `0.3`). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const rounded = value.toFixed(2).replace(/\.?0+$/, '');
  if (rounded !== '0' && rounded !== '-0') return rounded;
  return significant(value, 2);
}

/** An amount of money in the accounts domain: always two decimals (0.1+0.2 is `0.30`). */
export function formatMoney(value: number): string {
  return value.toFixed(2);
}

/**
 * US dollars. A cent or more reads `$1.23`; less (a single invocation costs millionths of a
 * dollar) reads in micro-dollars, `0.55 µUSD`, so the digits that matter are not lost behind zeros.
 */
export function formatUsd(value: number): string {
  if (value === 0) return '$0.00';
  if (Math.abs(value) >= 0.01) return `$${value.toFixed(2)}`;
  return `${formatNumber(Number((value * 1_000_000).toFixed(4)))} µUSD`;
}

/** A number with `digits` significant digits, without exponent notation (for tiny values). */
function significant(value: number, digits: number): string {
  let decimals = digits;
  for (let scaled = Math.abs(value); scaled < 1 && decimals < 20; scaled *= 10) decimals++;
  return value.toFixed(decimals - 1).replace(/\.?0+$/, '');
}

/** A field's number: money, dollars or a plain number, by the field's name. */
export function formatField(field: string, value: number): string {
  if (moneyFields.has(field)) return formatMoney(value);
  if (usdFields.has(field)) return formatUsd(value);
  return formatNumber(value);
}

/** `1 record`, `12 records`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Integers as runs, `3–17, 20, 22–24`: consecutive values collapse to a range (an en dash), order
 * kept. Up to `limit` parts are written; the rest are counted (`and 9 more`).
 */
export function formatRuns(values: readonly number[], limit = 4): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length;) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    parts.push(j > i ? `${values[i]}–${values[j]}` : String(values[i]));
    i = j + 1;
  }
  if (parts.length <= limit) return joinWords(parts);
  return `${parts.slice(0, limit).join(', ')} and ${parts.length - limit} more`;
}

/** Offsets as a reader says them: `offset 4`, `offsets 3–17`. */
export function formatOffsets(offsets: readonly number[]): string {
  if (offsets.length === 0) return 'no offsets';
  return `${offsets.length === 1 ? 'offset' : 'offsets'} ${formatRuns(offsets)}`;
}

/** How deep a value is written out before its inner objects are only counted. */
const maxDepth = 2;

/**
 * A JSON value in words. Objects read `field value, field value` (a `type` field leads, as the
 * value's name: `MoneyDeposited: account b2, amount 83.00`); inner objects go in parentheses;
 * arrays of up to five plain items are listed, longer ones counted; `null` is `none`.
 */
export function formatValue(value: Json | undefined, field = '', depth = 0): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'number') return formatField(field, value);
  if (typeof value === 'string') return value === '' ? 'an empty text' : value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return formatArray(value, field, depth);
  return formatObject(value, depth);
}

/** A value inside a list of fields: an object goes in parentheses, so its commas stay its own. */
export function formatInner(value: Json | undefined, field = ''): string {
  const text = formatValue(value, field);
  return value !== null && typeof value === 'object' && !Array.isArray(value) && text.includes(',')
    ? `(${text})`
    : text;
}

function formatArray(items: readonly Json[], field: string, depth: number): string {
  if (items.length === 0) return 'nothing';
  const plain = items.every((item) => item === null || typeof item !== 'object');
  if (items.every((item) => Number.isInteger(item))) return formatRuns(items as number[]);
  if (plain && items.length <= 5)
    return joinWords(items.map((item) => formatValue(item, field, depth)));
  return count(items.length, 'item');
}

function formatObject(object: { readonly [key: string]: Json }, depth: number): string {
  const keys = Object.keys(object).filter((key) => object[key] !== undefined);
  if (keys.length === 0) return 'nothing';
  if (depth >= maxDepth) return count(keys.length, 'field');
  const name = typeof object.type === 'string' ? object.type : undefined;
  const fields = keys
    .filter((key) => !(key === 'type' && name !== undefined))
    .map((key) => {
      const inner = object[key];
      const text = formatValue(inner, key, depth + 1);
      const wrapped =
        inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? `(${text})` : text;
      return `${key} ${wrapped}`;
    });
  const body = fields.join(', ');
  if (name === undefined) return body;
  return fields.length === 0 ? name : `${name}: ${body}`;
}
