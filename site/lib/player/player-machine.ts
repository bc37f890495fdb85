import { assign, setup } from 'xstate';
import {
  clampSpeedStep,
  indexAtTime,
  speedOf,
  timeAtIndex,
  VIRTUAL_MS_PER_REAL_MS,
} from './timeline.ts';

/**
 * The player as a statechart: idle (no trace yet), paused, playing, seeking (the timeline is being
 * dragged) and ended. It owns the playhead (an event index) and a continuous virtual clock that
 * advances while playing; a view draws the trace's state at `index` and animates what is in
 * flight at `clockMs`. Real time enters only through `TICK { realMs }`, so the machine itself is
 * pure and every move is testable without a browser.
 */
export interface PlayerContext {
  /** The `at` of every event of the trace, in order. */
  times: readonly number[];
  /** The playhead: the state after the first `index` events. */
  index: number;
  /** Continuous virtual time, ms; at or after the last shown event, before the next. */
  clockMs: number;
  /** Speed on a log scale: 2^speedStep (¼× to 16×). */
  speedStep: number;
  /** Whether to play again when a drag of the timeline ends. */
  resumeAfterSeek: boolean;
}

/** What the player understands. */
export type PlayerEvent =
  /** A new trace: keep the playhead where it was (clamped), e.g. after a fork. */
  | { type: 'LOAD'; times: readonly number[]; index?: number }
  /** Start playing (from the start again if at the end). */
  | { type: 'PLAY' }
  /** Stop playing. */
  | { type: 'PAUSE' }
  /** Play if paused, pause if playing. */
  | { type: 'TOGGLE' }
  /** Real time passed while playing (from requestAnimationFrame). */
  | { type: 'TICK'; realMs: number }
  /** One event forward. */
  | { type: 'STEP_FORWARD' }
  /** One event back. */
  | { type: 'STEP_BACK' }
  /** Jump to the state after `index` events. */
  | { type: 'SEEK_INDEX'; index: number }
  /** Jump to a virtual time (the state after every event at or before it). */
  | { type: 'SEEK_TIME'; timeMs: number }
  /** The timeline is grabbed: playing stops until SEEK_END. */
  | { type: 'SEEK_START' }
  /** The timeline is released. */
  | { type: 'SEEK_END' }
  /** Set the speed step (-2..4). */
  | { type: 'SPEED'; step: number };

const atIndex = (times: readonly number[], index: number) => {
  const clamped = Math.min(Math.max(0, Math.round(index)), times.length);
  return { index: clamped, clockMs: timeAtIndex(times, clamped) };
};

const atTime = (times: readonly number[], timeMs: number) => {
  const last = times.length > 0 ? times[times.length - 1] : 0;
  const clockMs = Math.min(Math.max(0, timeMs), last);
  return { index: indexAtTime(times, clockMs), clockMs };
};

export const playerMachine = setup({
  types: {
    context: {} as PlayerContext,
    events: {} as PlayerEvent,
    input: {} as { times?: readonly number[]; index?: number; speedStep?: number },
  },
  actions: {
    load: assign(({ event }) => {
      if (event.type !== 'LOAD') return {};
      return { times: event.times, ...atIndex(event.times, event.index ?? 0) };
    }),
    stepForward: assign(({ context }) => atIndex(context.times, context.index + 1)),
    stepBack: assign(({ context }) => atIndex(context.times, context.index - 1)),
    seekIndex: assign(({ context, event }) =>
      event.type === 'SEEK_INDEX' ? atIndex(context.times, event.index) : {},
    ),
    seekTime: assign(({ context, event }) =>
      event.type === 'SEEK_TIME' ? atTime(context.times, event.timeMs) : {},
    ),
    speed: assign(({ event }) =>
      event.type === 'SPEED' ? { speedStep: clampSpeedStep(event.step) } : {},
    ),
    tick: assign(({ context, event }) => {
      if (event.type !== 'TICK') return {};
      const realMs = Math.min(Math.max(0, event.realMs), 250); // a background tab must not leap
      const clockMs =
        context.clockMs + realMs * VIRTUAL_MS_PER_REAL_MS * speedOf(context.speedStep);
      return atTime(context.times, clockMs);
    }),
    rewind: assign(({ context }) => atIndex(context.times, 0)),
  },
  guards: {
    empty: ({ context }) => context.times.length === 0,
    atEnd: ({ context }) => context.index >= context.times.length,
    wasPlaying: ({ context }) => context.resumeAfterSeek,
  },
}).createMachine({
  id: 'player',
  context: ({ input }) => ({
    times: input.times ?? [],
    ...atIndex(input.times ?? [], input.index ?? 0),
    speedStep: clampSpeedStep(input.speedStep ?? 0),
    resumeAfterSeek: false,
  }),
  initial: 'start',
  on: {
    LOAD: { target: '.start', actions: 'load' },
    SPEED: { actions: 'speed' },
  },
  states: {
    /** Decides where a (re)loaded player rests. */
    start: {
      always: [
        { guard: 'empty', target: 'idle' },
        { guard: 'atEnd', target: 'ended' },
        { target: 'paused' },
      ],
    },
    /** No trace yet: nothing to play. */
    idle: {},
    paused: {
      on: {
        PLAY: 'playing',
        TOGGLE: 'playing',
        STEP_FORWARD: { target: 'start', actions: 'stepForward' },
        STEP_BACK: { target: 'start', actions: 'stepBack' },
        SEEK_INDEX: { target: 'start', actions: 'seekIndex' },
        SEEK_TIME: { target: 'start', actions: 'seekTime' },
        SEEK_START: { target: 'seeking', actions: assign({ resumeAfterSeek: false }) },
      },
    },
    playing: {
      always: { guard: 'atEnd', target: 'ended' },
      on: {
        PAUSE: 'paused',
        TOGGLE: 'paused',
        TICK: { target: 'playing', reenter: false, actions: 'tick' },
        STEP_FORWARD: { target: 'start', actions: 'stepForward' },
        STEP_BACK: { target: 'start', actions: 'stepBack' },
        SEEK_INDEX: { actions: 'seekIndex' },
        SEEK_TIME: { actions: 'seekTime' },
        SEEK_START: { target: 'seeking', actions: assign({ resumeAfterSeek: true }) },
      },
    },
    /** The timeline is held: each move seeks; releasing it resumes what was going on. */
    seeking: {
      on: {
        SEEK_INDEX: { actions: 'seekIndex' },
        SEEK_TIME: { actions: 'seekTime' },
        SEEK_END: [{ guard: 'wasPlaying', target: 'playing' }, { target: 'start' }],
      },
    },
    ended: {
      on: {
        PLAY: { target: 'playing', actions: 'rewind' },
        TOGGLE: { target: 'playing', actions: 'rewind' },
        STEP_BACK: { target: 'start', actions: 'stepBack' },
        SEEK_INDEX: { target: 'start', actions: 'seekIndex' },
        SEEK_TIME: { target: 'start', actions: 'seekTime' },
        SEEK_START: { target: 'seeking', actions: assign({ resumeAfterSeek: false }) },
      },
    },
  },
});

/** The player's visible states (the transient `start` never rests). */
export type PlayerStatus = 'idle' | 'paused' | 'playing' | 'seeking' | 'ended';
