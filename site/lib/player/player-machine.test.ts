import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { playerMachine } from './player-machine.ts';
import { indexAtTime, speedLabel, speedOf, forkTimeMs } from './timeline.ts';

const times = [0, 0, 5, 10, 10, 20, 40];

function player(index = 0) {
  const actor = createActor(playerMachine, { input: { times, index } });
  actor.start();
  return actor;
}

describe('the player statechart', () => {
  it('rests idle until a trace is loaded, then paused at the playhead it was given', () => {
    const actor = createActor(playerMachine, { input: {} });
    actor.start();
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send({ type: 'LOAD', times, index: 3 });
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.index).toBe(3);
    expect(actor.getSnapshot().context.clockMs).toBe(5);
  });

  it('steps forward and back one event at a time and sets the clock to the last shown event', () => {
    const actor = player(2);
    actor.send({ type: 'STEP_FORWARD' });
    expect(actor.getSnapshot().context).toMatchObject({ index: 3, clockMs: 5 });
    actor.send({ type: 'STEP_BACK' });
    actor.send({ type: 'STEP_BACK' });
    expect(actor.getSnapshot().context).toMatchObject({ index: 1, clockMs: 0 });
  });

  it('does not step back before the first event', () => {
    const actor = player(0);
    actor.send({ type: 'STEP_BACK' });
    expect(actor.getSnapshot().context.index).toBe(0);
    expect(actor.getSnapshot().value).toBe('paused');
  });

  it('advances virtual time by real time times the speed while playing', () => {
    const actor = player(0);
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'TICK', realMs: 100 }); // 1×: 10 virtual ms
    expect(actor.getSnapshot().context).toMatchObject({ clockMs: 10, index: 5 });
    actor.send({ type: 'SPEED', step: 1 }); // 2×
    actor.send({ type: 'TICK', realMs: 25 }); // 5 virtual ms
    expect(actor.getSnapshot().context).toMatchObject({ clockMs: 15, index: 5 });
  });

  it('ends when playing reaches the last event, and plays again from the start', () => {
    const actor = player(5);
    actor.send({ type: 'TOGGLE' });
    actor.send({ type: 'TICK', realMs: 250 });
    actor.send({ type: 'TICK', realMs: 250 });
    expect(actor.getSnapshot().value).toBe('ended');
    expect(actor.getSnapshot().context.index).toBe(times.length);
    actor.send({ type: 'PLAY' });
    expect(actor.getSnapshot().value).toBe('playing');
    expect(actor.getSnapshot().context.index).toBe(0);
  });

  it('pauses while the timeline is dragged and resumes playing when it is released', () => {
    const actor = player(0);
    actor.send({ type: 'PLAY' });
    actor.send({ type: 'SEEK_START' });
    expect(actor.getSnapshot().value).toBe('seeking');
    actor.send({ type: 'TICK', realMs: 100 });
    expect(actor.getSnapshot().context.clockMs).toBe(0);
    actor.send({ type: 'SEEK_TIME', timeMs: 12 });
    expect(actor.getSnapshot().context).toMatchObject({ index: 5, clockMs: 12 });
    actor.send({ type: 'SEEK_END' });
    expect(actor.getSnapshot().value).toBe('playing');
  });

  it('stays paused after a drag that began paused', () => {
    const actor = player(1);
    actor.send({ type: 'SEEK_START' });
    actor.send({ type: 'SEEK_INDEX', index: 4 });
    actor.send({ type: 'SEEK_END' });
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.index).toBe(4);
  });

  it('keeps the playhead when a forked trace is loaded', () => {
    const actor = player(4);
    actor.send({ type: 'LOAD', times: [...times, 50, 60], index: 4 });
    expect(actor.getSnapshot().context).toMatchObject({ index: 4, clockMs: 10 });
    expect(actor.getSnapshot().value).toBe('paused');
  });

  it('clamps the speed to ¼×..16×', () => {
    const actor = player(0);
    actor.send({ type: 'SPEED', step: 9 });
    expect(actor.getSnapshot().context.speedStep).toBe(4);
    actor.send({ type: 'SPEED', step: -7 });
    expect(actor.getSnapshot().context.speedStep).toBe(-2);
  });
});

describe('the timeline', () => {
  it('maps a time to the number of events at or before it', () => {
    expect(indexAtTime(times, -1)).toBe(0);
    expect(indexAtTime(times, 0)).toBe(2);
    expect(indexAtTime(times, 9)).toBe(3);
    expect(indexAtTime(times, 10)).toBe(5);
    expect(indexAtTime(times, 99)).toBe(7);
  });

  it('labels speeds on a doubling scale from a quarter to sixteen', () => {
    expect([-2, -1, 0, 1, 4].map(speedLabel)).toEqual(['¼×', '½×', '1×', '2×', '16×']);
    expect(speedOf(3)).toBe(8);
  });

  it('forks one millisecond after the clock so every shown event happens again', () => {
    expect(forkTimeMs(10)).toBe(11);
    expect(forkTimeMs(10.7)).toBe(11);
  });
});
