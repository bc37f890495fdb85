import { describe, expect, it } from 'vitest';
import { tpKey } from './types.ts';

describe('tpKey', () => {
  it('names a partition topic-partition, the same string whether made or reused', () => {
    expect(tpKey('orders', 3)).toBe('orders-3');
    expect(tpKey('orders', 3)).toBe('orders-3');
    expect(tpKey('orders', 12)).toBe('orders-12');
    expect(tpKey('orders-1', 2)).toBe('orders-1-2');
  });

  it('still names every partition right after its reused keys are dropped for too many topics', () => {
    const first = tpKey('payments', 0);
    for (let i = 0; i < 10_050; i++) tpKey(`topic-${i}`, i % 7);
    expect(tpKey('payments', 0)).toBe(first);
    expect(tpKey('topic-5', 5)).toBe('topic-5-5');
    expect(tpKey('topic-10049', 5)).toBe('topic-10049-5');
  });
});
