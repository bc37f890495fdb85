import type { FaultRecord } from '../events.ts';
import { formatValue } from './words.ts';

/** `slowLink` → `slow link`, `dbTimeout` → `db timeout`. */
export function camelWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** `durationMs` → `duration (ms)`: a field's name in words, its unit in brackets. */
function fieldWords(field: string): string {
  const unit = /Ms$/.test(field) ? ' (ms)' : '';
  return camelWords(unit === '' ? field : field.slice(0, -2)) + unit;
}

/** Fields a fault's sentence already says (its kind, its target, when it fired). */
const told = new Set(['kind', 'target', 'between', 'at', 'durationMs']);

/**
 * A fault in words: `slow link between orders-app and broker for 400 ms (delay (ms) 50)`; with
 * `withTime`, when it fires too (`crash on p1 at 30 ms`), for a schedule read outside the trace.
 */
export function describeFault(fault: FaultRecord, withTime = false): string {
  const where =
    typeof fault.target === 'string'
      ? ` on ${fault.target}`
      : Array.isArray(fault.between)
        ? ` between ${fault.between.map((a) => formatValue(a)).join(' and ')}`
        : '';
  const at = withTime && typeof fault.at === 'number' ? ` at ${fault.at} ms` : '';
  const duration = typeof fault.durationMs === 'number' ? ` for ${fault.durationMs} ms` : '';
  const rest = Object.keys(fault)
    .filter((key) => !told.has(key) && fault[key] !== undefined)
    .sort()
    .map((key) => `${fieldWords(key)} ${formatValue(fault[key] ?? null, key)}`);
  const extra = rest.length === 0 ? '' : ` (${rest.join(', ')})`;
  return `${camelWords(fault.kind)}${where}${at}${duration}${extra}`;
}
