import { describe, expect, it } from 'vitest';
import { TraceIndex } from '../../../simulator/trace/snapshots.ts';
import { libraryScenario } from '../sim/library.ts';
import { runRequest } from '../sim/prepare.ts';
import { indexInSlices } from './index-in-slices.ts';

const run = runRequest({
  scenarioText: libraryScenario('txn-abort-on-crash')?.text ?? '',
  seed: null,
  faults: [],
});
if (!run.ok) throw new Error(JSON.stringify(run.errors));
const events = run.events;

describe('indexing a run a slice at a time', () => {
  it('gives the same states at every playhead and the same times as indexing it at once', async () => {
    const sliced = await indexInSlices(events, () => false, 97);
    if (!sliced) throw new Error('not indexed');
    const whole = new TraceIndex(events);
    expect(sliced.trace.length).toBe(events.length);
    expect(sliced.times).toEqual(events.map((e) => e.at));
    for (const i of [0, 1, 96, 97, 98, Math.floor(events.length / 2), events.length])
      expect(sliced.trace.stateAt(i)).toEqual(whole.stateAt(i));
  });

  it('stops, with nothing, once a newer run makes it moot', async () => {
    let slices = 0;
    const sliced = await indexInSlices(events, () => ++slices >= 2, 50);
    expect(sliced).toBeNull();
    expect(slices).toBe(2);
  });
});
