import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceIndex } from './snapshots.ts';
import { applyEvent, foldTrace, observeState } from './state.ts';
import { checkProperty } from '../test/property.ts';
import { TraceBuilder, traceArbitrary } from './test-helpers.ts';

const FILE = 'simulator/trace/snapshots.test.ts';

describe('TraceIndex', () => {
  const seekName =
    'observes at every seek, backwards and forwards, what the fold from zero observes';
  it(seekName, () => {
    const arbitrary = traceArbitrary(250).chain((events) =>
      fc.record({
        events: fc.constant(events),
        every: fc.integer({ min: 1, max: 40 }),
        seeks: fc.array(fc.nat(events.length), { minLength: 1, maxLength: 12 }),
      }),
    );
    checkProperty(
      { file: FILE, name: seekName },
      arbitrary,
      ({ events, every, seeks }) => {
        const index = new TraceIndex(events, { snapshotEvery: every });
        for (const at of [...seeks, events.length, 0]) {
          expect(observeState(index.stateAt(at))).toEqual(observeState(foldTrace(events, at)));
        }
      },
      { numRuns: 150 },
    );
  });

  const growName =
    'indexes a trace that grows event by event as it indexes the whole trace at once';
  it(growName, () => {
    checkProperty(
      { file: FILE, name: growName },
      fc.tuple(traceArbitrary(150), fc.integer({ min: 1, max: 20 })),
      ([events, every]) => {
        const growing = new TraceIndex([], { snapshotEvery: every });
        const whole = new TraceIndex(events, { snapshotEvery: every });
        for (const event of events) growing.append(event);
        expect(growing.length).toBe(events.length);
        for (let at = events.length; at >= 0; at -= 7) {
          expect(observeState(growing.stateAt(at))).toEqual(observeState(whole.stateAt(at)));
        }
      },
      { numRuns: 60 },
    );
  });

  it('folds events the engine pushed onto the trace array when synced', () => {
    const trace = new TraceBuilder().topic('t').append('t', 0, 1).events;
    const index = new TraceIndex(trace, { snapshotEvery: 2 });
    trace.push({ type: 'partition.highWatermark', at: 3, topic: 't', partition: 0, offset: 1 });
    expect(index.length).toBe(2);
    index.sync();
    expect(index.length).toBe(3);
    expect(index.latest.topics.get('t')?.partitions[0].highWatermark).toBe(1);
  });

  it('hands out a state that can be advanced along the trace without touching the index', () => {
    const t = new TraceBuilder().topic('t');
    t.append('t', 0, 1, { producerId: 2, transactional: true }).marker('t', 0, 2, 'COMMIT').hw('t');
    const index = new TraceIndex(t.events, { snapshotEvery: 2 });
    const state = index.stateAt(1);
    for (let i = 1; i < t.events.length; i++) applyEvent(state, t.events[i]);
    expect(observeState(state)).toEqual(observeState(foldTrace(t.events)));
    expect(observeState(index.stateAt(2))).toEqual(observeState(foldTrace(t.events, 2)));
  });

  it('rejects a seek outside the trace and a snapshot interval that is not a positive integer', () => {
    const index = new TraceIndex(new TraceBuilder().topic('t').events);
    expect(() => index.stateAt(2)).toThrow(RangeError);
    expect(() => index.stateAt(-1)).toThrow(RangeError);
    expect(() => new TraceIndex([], { snapshotEvery: 0 })).toThrow(RangeError);
  });
});
