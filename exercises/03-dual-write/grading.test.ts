import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import * as eventThenRow from './fixtures/event-then-row.ts';
import * as rowThenEvent from './fixtures/row-then-event.ts';
import { dualWriteGrader as grader } from './grading.ts';
import * as reference from './reference.ts';
import * as starter from './starter.ts';

/** The dual write's grading run in-process: what each design does when a batch is given up. */

const exercise = loadExercise('03-dual-write');
const givenUpAt = (point: string): Json[] => [
  { at: 0, kind: 'invocationCrash', target: 'writer', point, count: 4 },
];

describe('the dual write, graded', () => {
  it('passes the reference on every case and seed', () => {
    for (const c of [...exercise.visible, ...exercise.hidden])
      for (const seed of c.seeds) {
        const outcome = grader.run(reference.writeEntity, c.workload, c.faults as Json[], seed);
        expect(outcome.passed, `${c.name} (seed ${seed}): ${outcome.message}`).toBe(true);
      }
  });

  it('loses an event when the row is written first and the batch is given up after a crash between', () => {
    const outcome = grader.run(
      rowThenEvent.writeEntity,
      {},
      givenUpAt('afterDbWriteBeforeEmit'),
      1,
    );
    expect(outcome.reason).toBe('lost-event');
    expect(outcome.message).toMatch(/row once held \d+, a state no event announced/);
  });

  it('announces a phantom state when the event goes first and the batch is given up before the row', () => {
    const outcome = grader.run(eventThenRow.writeEntity, {}, givenUpAt('beforeDbWrite'), 1);
    expect(outcome.reason).toBe('phantom-event');
  });

  it('lets either order pass when nothing fails, so only the faults tell them apart', () => {
    expect(grader.run(rowThenEvent.writeEntity, {}, [], 1).passed).toBe(true);
    expect(grader.run(eventThenRow.writeEntity, {}, [], 1).passed).toBe(true);
  });

  it('opens the replay of a lost event at the row write no event ever announced', () => {
    const faults = givenUpAt('afterDbWriteBeforeEmit');
    const replay = grader.trace(rowThenEvent.writeEntity, {}, faults, 1);
    const event = replay.events[replay.violation!]!;
    expect(event).toMatchObject({ type: 'db.written', table: 'entities' });
    const state = event.type === 'db.written' ? (event.item as { state: number }).state : null;
    const announced = replay.events.filter(
      (e) =>
        e.type === 'record.appended' &&
        e.topic === 'entity-events' &&
        (e.record.value as { state: number }).state === state,
    );
    expect(announced).toEqual([]);
    expect(grader.run(rowThenEvent.writeEntity, {}, faults, 1).reason).toBe('lost-event');
  });

  it('opens the replay of a phantom at the event announcing a state its row never held', () => {
    const replay = grader.trace(eventThenRow.writeEntity, {}, givenUpAt('beforeDbWrite'), 1);
    const event = replay.events[replay.violation!]!;
    expect(event).toMatchObject({ type: 'record.appended', topic: 'entity-events' });
    const state =
      event.type === 'record.appended' ? (event.record.value as { state: number }).state : null;
    const held = replay.events.filter(
      (e) =>
        e.type === 'db.written' &&
        e.table === 'entities' &&
        (e.item as { state: number } | null)?.state === state,
    );
    expect(held).toEqual([]);
  });

  it('has no violation when the reference runs a failing schedule', () => {
    const c = exercise.visible[1]!;
    const replay = grader.trace(reference.writeEntity, c.workload, c.faults as Json[], c.seeds[0]!);
    expect(replay.violation).toBeNull();
    expect(replay.events.some((e) => e.type === 'fault.injected')).toBe(true);
  });

  it('recognises the starter as not started', () => {
    expect(() => grader.probe(starter.writeEntity)).toThrow(/^Not started/);
    expect(() => grader.probe(reference.writeEntity)).not.toThrow();
  });
});
