import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import { shrinkFaults } from './shrink.ts';

const crash = (at: number, count = 1): Json => ({ at, kind: 'invocationCrash', count });
const throttle = (at: number): Json => ({ at, kind: 'dbThrottle', count: 3 });

describe('shrinking a failing fault schedule', () => {
  it('keeps only the fault that matters, moved to the start, with a count of one', () => {
    // Fails whenever a crash is present, whatever else there is.
    const fails = (f: Json[]) => f.some((x) => (x as { kind: string }).kind === 'invocationCrash');
    const { faults } = shrinkFaults([throttle(400), crash(300, 2), throttle(900)], fails, 100);
    expect(faults).toEqual([crash(0)]);
  });

  it('counts every run it makes: eight for a known schedule, each one a call of the check', () => {
    // [T400, C300x2, T900] → drop T400 (run 1, fails) → drop C (2, passes), drop T900 (3, fails)
    // → drop C (4, passes), C at 0 (5, fails) → drop (6, passes), count 1 (7, fails) → drop (8).
    let calls = 0;
    const fails = (f: Json[]) => {
      calls += 1;
      return f.some((x) => (x as { kind: string }).kind === 'invocationCrash');
    };
    const result = shrinkFaults([throttle(400), crash(300, 2), throttle(900)], fails, 100);
    expect(result).toEqual({ faults: [crash(0)], runs: 8 });
    expect(calls).toBe(8);
  });

  it('keeps a fault as late as it must be when an earlier one passes', () => {
    const fails = (f: Json[]) => f.some((x) => ((x as { at: number }).at ?? 0) >= 200);
    const { faults } = shrinkFaults([crash(800)], fails, 100);
    expect(faults).toEqual([crash(200)]);
  });

  it('keeps two faults when the failure needs both', () => {
    const fails = (f: Json[]) => f.length >= 2;
    const { faults } = shrinkFaults([crash(10), crash(20), crash(30)], fails, 100);
    expect(faults).toEqual([crash(0), crash(0)]);
  });

  it('stops when its budget of runs is spent', () => {
    let runs = 0;
    const fails = (f: Json[]) => {
      runs += 1;
      return f.length === 2;
    };
    const result = shrinkFaults([crash(800, 3), crash(900, 3)], fails, 3);
    expect(runs).toBe(3);
    expect(result.runs).toBe(3);
  });
});
