import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { linkFaultsAt, linkKey, networkFaultEvents } from './link-faults.ts';

const cut = { kind: 'partition', at: 10, between: ['p1', 'broker'], oneWay: false, durationMs: 50 };
const slow = {
  kind: 'slowLink',
  at: 20,
  between: ['broker', 'c1'],
  extraLatencyMs: 40,
  oneWay: true,
};
const events = [
  { type: 'fault.injected', at: 10, fault: cut },
  { type: 'fault.injected', at: 20, fault: slow },
  { type: 'fault.injected', at: 30, fault: { kind: 'crash', target: 'c1' } },
  { type: 'fault.ended', at: 60, fault: cut },
] as unknown as TraceEvent[];

describe('network faults by link', () => {
  const faults = networkFaultEvents(events);

  it('finds nothing before the first fault', () => {
    expect(linkFaultsAt(faults, 0).size).toBe(0);
  });

  it('marks a partitioned link as cut whichever end is named first', () => {
    const at = linkFaultsAt(faults, 1);
    expect(at.get(linkKey('broker', 'p1'))?.cut).toBe(true);
    expect(at.get(linkKey('p1', 'broker'))?.slowMs).toBe(0);
  });

  it('marks a slow link with its added latency and direction, and ignores faults on actors', () => {
    const at = linkFaultsAt(faults, 3);
    expect(at.get(linkKey('c1', 'broker'))).toEqual({
      between: ['broker', 'c1'],
      cut: false,
      slowMs: 40,
      oneWay: true,
    });
    expect(at.size).toBe(2);
  });

  it('heals a link when its fault ends', () => {
    const at = linkFaultsAt(faults, 4);
    expect(at.has(linkKey('p1', 'broker'))).toBe(false);
    expect(at.get(linkKey('c1', 'broker'))?.slowMs).toBe(40);
  });
});
