import { describe, expect, it } from 'vitest';
import { faultSchema } from '../../../simulator/scenario/schema.ts';
import { describeFault, FAULT_KEYS, faultFor, HAND_FAULT_DURATION_MS } from './hand-faults.ts';

describe('faultFor', () => {
  it('cuts the target from the broker both ways when no peer is chosen', () => {
    expect(faultFor('partition', 'web', 81)).toEqual({
      at: 81,
      kind: 'partition',
      between: ['web', 'broker'],
      oneWay: false,
      durationMs: HAND_FAULT_DURATION_MS,
    });
  });

  it('cuts the target from the chosen peer, one way when asked', () => {
    const both = faultFor('partition', 'trigger', 10, { peer: 'platform' });
    expect(both).toMatchObject({ between: ['trigger', 'platform'], oneWay: false });
    const oneWay = faultFor('partition', 'trigger', 10, { peer: 'platform', oneWay: true });
    expect(oneWay).toMatchObject({ between: ['trigger', 'platform'], oneWay: true });
  });

  it('lets the broker be the target when the other side is another actor', () => {
    expect(faultFor('partition', 'broker', 5, { peer: 'auditor' })).toMatchObject({
      between: ['broker', 'auditor'],
    });
  });

  it('refuses to cut an actor from itself', () => {
    expect(faultFor('partition', 'broker', 5)).toBeNull();
    expect(faultFor('partition', 'db', 5, { peer: 'db' })).toBeNull();
  });

  it('ignores the peer for faults on one actor', () => {
    expect(faultFor('crash', 'web', 3, { peer: 'db' })).toEqual({
      at: 3,
      kind: 'crash',
      target: 'web',
    });
  });

  it('makes faults the scenario schema accepts as they are', () => {
    const made = [
      faultFor('crash', 'a', 1),
      faultFor('restart', 'a', 1),
      faultFor('pause', 'a', 1),
      faultFor('lostAck', 'a', 1),
      faultFor('partition', 'a', 1, { peer: 'b', oneWay: true }),
      faultFor('slow', 'a', 1, { peer: 'b' }),
    ];
    for (const fault of made) expect(faultSchema.parse(fault)).toEqual(fault);
  });
});

describe('describeFault', () => {
  it('names both sides of a partition and its direction', () => {
    expect(describeFault(faultFor('partition', 'a', 7, { peer: 'b' })!)).toBe(
      'partition a ↔ b at 7 ms',
    );
    expect(describeFault(faultFor('partition', 'a', 7, { peer: 'b', oneWay: true })!)).toBe(
      'partition a → b at 7 ms',
    );
    expect(describeFault(faultFor('crash', 'a', 7)!)).toBe('crash a at 7 ms');
  });
});

describe('a hand-fired slow link', () => {
  it('slows the link to the broker, or to a chosen peer, for the hand-fault duration', () => {
    expect(faultFor('slow', 'web', 81)).toEqual({
      at: 81,
      kind: 'slowLink',
      between: ['web', 'broker'],
      extraLatencyMs: 50,
      oneWay: false,
      durationMs: 400,
    });
    expect(faultFor('slow', 'trigger', 5, { peer: 'platform', oneWay: true })).toMatchObject({
      between: ['trigger', 'platform'],
      oneWay: true,
    });
    expect(faultFor('slow', 'db', 5, { peer: 'db' })).toBeNull();
  });

  it('is on the s key', () => {
    expect(FAULT_KEYS.s).toBe('slow');
  });
});
