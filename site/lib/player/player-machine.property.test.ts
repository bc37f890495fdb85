import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createActor } from 'xstate';
import { checkProperty } from '../../../simulator/test/property.ts';
import { playerMachine, type PlayerEvent } from './player-machine.ts';

const FILE = 'site/lib/player/player-machine.property.test.ts';

/** Non-decreasing event times, as a trace has. */
const times = fc
  .array(fc.integer({ min: 0, max: 20 }), { minLength: 0, maxLength: 40 })
  .map((gaps) => gaps.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + g], []));

const event: fc.Arbitrary<PlayerEvent> = fc.oneof(
  fc.constantFrom<PlayerEvent>(
    { type: 'PLAY' },
    { type: 'PAUSE' },
    { type: 'TOGGLE' },
    { type: 'STEP_FORWARD' },
    { type: 'STEP_BACK' },
    { type: 'SEEK_START' },
    { type: 'SEEK_END' },
  ),
  fc.integer({ min: 0, max: 400 }).map((realMs) => ({ type: 'TICK' as const, realMs })),
  fc.integer({ min: -5, max: 60 }).map((index) => ({ type: 'SEEK_INDEX' as const, index })),
  fc.integer({ min: -50, max: 900 }).map((timeMs) => ({ type: 'SEEK_TIME' as const, timeMs })),
  fc.integer({ min: -4, max: 6 }).map((step) => ({ type: 'SPEED' as const, step })),
);

describe('the player statechart under any sequence of inputs', () => {
  it('keeps the playhead inside the trace and the clock between its event and the next', () => {
    checkProperty(
      {
        file: FILE,
        name: 'keeps the playhead inside the trace and the clock between its event and the next',
      },
      fc.tuple(times, fc.array(event, { maxLength: 60 })),
      ([ts, inputs]) => {
        const actor = createActor(playerMachine, { input: { times: ts } });
        actor.start();
        for (const input of inputs) {
          actor.send(input);
          const { value, context } = actor.getSnapshot();
          const { index, clockMs, speedStep } = context;
          const fail = (why: string) => {
            throw new Error(
              `${why} after ${JSON.stringify(input)}: ${JSON.stringify({ value, index, clockMs })}`,
            );
          };
          if (!Number.isInteger(index) || index < 0 || index > ts.length)
            fail('index out of the trace');
          if (index > 0 && clockMs < ts[index - 1]) fail('clock before the last shown event');
          // Stepping inside one millisecond leaves the clock on the next event's time, never past it.
          if (index < ts.length && clockMs > ts[index]) fail('clock past an event not shown');
          const moved =
            input.type === 'SEEK_TIME' || (input.type === 'TICK' && value === 'playing');
          if (moved && index !== ts.filter((t) => t <= clockMs).length)
            fail('a move in time did not show exactly the events up to the clock');
          if (speedStep < -2 || speedStep > 4) fail('speed out of ¼×..16×');
          if (ts.length === 0 && value !== 'idle') fail('an empty trace is not idle');
          if (value === 'ended' && index !== ts.length) fail('ended before the end');
          if (value === 'playing' && index === ts.length) fail('playing at the end');
        }
      },
      { numRuns: 200 },
    );
  });
});
