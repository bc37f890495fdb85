import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { foldTrace } from '../../simulator/trace/state.ts';
import * as handlerReference from '../01-count-page-views/reference.ts';
import { runPageViews } from '../01-count-page-views/grading.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import { runFunctionDesign, writtenCounts } from './compare-function.ts';
import * as atLeastOnce from './fixtures/at-least-once.ts';
import * as asObject from './fixtures/count-as-object.ts';
import * as perPage from './fixtures/count-per-page.ts';
import { countPageViewsInTheProcessorGrader as grader } from './grading.ts';
import * as reference from './reference.ts';
import { parseApp, runCounter } from './run-counter.ts';
import * as starter from './starter.ts';
import { committedCounts, countLatencies, viewTimes } from './visible-counts.ts';
import { workloadOf } from './workload.ts';

/** The second half of exercise 01 graded in-process: what each application does in each case. */

const exercise = loadExercise('01-count-page-views-in-the-processor');
const [quiet, crash] = exercise.visible;
const run = (exported: unknown, c: typeof quiet, seed = c!.seeds[0]!) =>
  grader.run(exported, c!.workload, c!.faults as Json[], seed);
const trace = (exported: unknown, c: typeof quiet, seed = c!.seeds[0]!) =>
  grader.trace(exported, c!.workload, c!.faults as Json[], seed);
const { compare: _, ...plainQuiet } = quiet!.workload;

describe('count page views in the stream processor, graded', () => {
  it('passes the reference on every case and seed', () => {
    for (const c of [...exercise.visible, ...exercise.hidden])
      for (const seed of c.seeds) {
        const outcome = run(reference.countPageViewsInTheProcessor, c, seed);
        expect(outcome.passed, `${c.name} (seed ${seed}): ${outcome.message}`).toBe(true);
      }
  });

  it('passes the reference when either instance crashes at a seeded time, seed after seed', () => {
    // COUNT_SEEDS=7,8 replays chosen seeds; the failure message names the seed and the command.
    const seeds = (process.env.COUNT_SEEDS ?? '11,12,13,14,15,16').split(',').map(Number);
    for (const seed of seeds) {
      const faults: Json[] = [
        { at: 100 + ((seed * 137) % 1100), kind: 'crash', target: `streams-${1 + (seed % 2)}` },
      ];
      const outcome = grader.run(reference.countPageViewsInTheProcessor, plainQuiet, faults, seed);
      const replay = `COUNT_SEEDS=${seed} npx vitest run exercises/01-count-page-views-in-the-processor/grading.test.ts -t "seed after seed"`;
      expect(outcome.passed, `seed ${seed}: ${outcome.message}\nreplay: ${replay}`).toBe(true);
    }
  });

  it('counts views again after a crash under at-least-once, but not when nothing fails', () => {
    expect(run(atLeastOnce.countPageViewsInTheProcessor, quiet).passed).toBe(true);
    const outcome = run(atLeastOnce.countPageViewsInTheProcessor, crash);
    expect(outcome.reason).toBe('over-count');
    expect(outcome.message).toMatch(
      /^\w+ viewed (\d+) pages but the last count on page-view-counts is \d+$/,
    );
    const [, want, got] = /viewed (\d+) pages .* is (\d+)$/.exec(outcome.message)!;
    expect(Number(got)).toBeGreaterThan(Number(want));
  });

  it('opens the replay of an over-count at the first count higher than the views so far', () => {
    const replay = trace(atLeastOnce.countPageViewsInTheProcessor, crash);
    const event = replay.events[replay.violation!]!;
    expect(event).toMatchObject({ type: 'record.appended', topic: 'page-view-counts' });
    if (event.type !== 'record.appended') return;
    const before = replay.events.filter(
      (e) =>
        e.type === 'record.appended' &&
        e.topic === 'views' &&
        e.record.key === event.record.key &&
        e.record.timestampMs <= event.record.timestampMs,
    ).length;
    expect(event.record.value).toBeGreaterThan(before);
    // It comes after the crash: before it, the counts were right.
    const crashAt = replay.events.findIndex((e) => e.type === 'actor.crashed');
    expect(replay.violation!).toBeGreaterThan(crashAt);
    expect(trace(reference.countPageViewsInTheProcessor, crash).violation).toBeNull();
  });

  it('names a key that is no user when the views are counted per page', () => {
    const outcome = run(perPage.countPageViewsInTheProcessor, quiet);
    expect(outcome.reason).toBe('wrong-result');
    expect(outcome.message).toMatch(
      /^page-view-counts has a count for the key "\/page\/\d", which is no user/,
    );
  });

  it('asks for a number when the count is wrapped in an object', () => {
    const outcome = run(asObject.countPageViewsInTheProcessor, quiet);
    expect(outcome.reason).toBe('wrong-result');
    expect(outcome.message).toMatch(
      /count came out as \{"count":1\}: .* must be the count, a number/,
    );
  });

  it('reports a user whose views were never counted as an under-count', () => {
    const onlyAnn = () => {
      const app = reference.countPageViewsInTheProcessor();
      const ops = app.topology.operators;
      const filter = { op: 'filter', predicate: { fn: 'keyEquals', key: 'ann' } } as const;
      return { ...app, topology: { operators: [ops[0]!, filter, ...ops.slice(1)] } };
    };
    const outcome = run(onlyAnn, quiet);
    expect(outcome.reason).toBe('under-count');
    expect(outcome.message).toMatch(
      /^(bob|gus|kim) viewed \d+ pages but page-view-counts has no count for \1$/,
    );
  });

  it("compares a pass with exercise 01's idempotent function when a case asks", () => {
    const outcome = run(reference.countPageViewsInTheProcessor, crash);
    expect(outcome.message).toMatch(
      /^Every view counted exactly once: 24 views of 4 users\. Your stream processor: counts visible p50 \d+ ms, max \d+ ms after the view; \d+ records processed \(\d+ again after a fault\), \d+ records written to Kafka .* in \d+ Kafka transactions, no database\./,
    );
    expect(outcome.message).toMatch(
      /Exercise 01's idempotent function, same views and faults: counts visible p50 \d+ ms, max \d+ ms after the view; \d+ invocations, 48 database writes in 24 transactions \(96 write units\), \$\d+\.\d{6}\.$/,
    );
    const plain = grader.run(reference.countPageViewsInTheProcessor, plainQuiet, [], 1);
    expect(plain.message).toBe('Every view counted exactly once: 24 views of 4 users');
  });

  it("runs exercise 01's reference design on the very same views", () => {
    const w = workloadOf(plainQuiet);
    const fn = runFunctionDesign(w, crash!.faults as Json[], 2);
    const processor = runCounter(parseApp(reference.countPageViewsInTheProcessor()), w, [], 2);
    const keys = (t: readonly TraceEvent[]) =>
      t.flatMap((e) => (e.type === 'record.appended' && e.topic === 'views' ? [e.record.key] : []));
    expect(keys(fn.trace)).toEqual(keys(processor));
    expect(fn.counts).toEqual(fn.views);
    expect(fn.trace).toContainEqual(
      expect.objectContaining({
        type: 'fault.injected',
        fault: expect.objectContaining({ kind: 'instanceCrash', at: 600 }),
      }),
    );
    // The library handler it runs is 01's reference, event for event.
    const raw = { ...w, users: [...w.users] };
    const own = runPageViews(handlerReference.countPageViews, raw, [], 2);
    const library = runFunctionDesign(w, [], 2);
    expect(JSON.stringify(library.trace)).toBe(JSON.stringify(own.trace));
  });

  it('grades the same application the same way twice, trace for trace', () => {
    const once = trace(atLeastOnce.countPageViewsInTheProcessor, crash, 5);
    const twice = trace(atLeastOnce.countPageViewsInTheProcessor, crash, 5);
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    const other = trace(atLeastOnce.countPageViewsInTheProcessor, crash, 6);
    expect(JSON.stringify(other.events)).not.toBe(JSON.stringify(once.events));
  });

  it('recognises the starter as not started and says what is wrong in what is returned', () => {
    expect(() => grader.probe(starter.countPageViewsInTheProcessor)).toThrow(/^Not started/);
    expect(() => grader.probe(reference.countPageViewsInTheProcessor)).not.toThrow();
    expect(() => grader.probe({ guarantee: 'exactly_once_v2' })).toThrow(/must be a function/);
    const topology = reference.countPageViewsInTheProcessor().topology;
    expect(() => grader.probe(() => topology)).toThrow(
      /this is a topology alone; put it in `topology`/,
    );
    expect(() => grader.probe(() => ({ topology }))).toThrow(/guarantee must be one of/);
    expect(() => grader.probe(() => ({ guarantee: 'exactly_once', topology }))).toThrow(
      /guarantee must be one of 'exactly_once_v2', 'at_least_once', 'at_most_once' \(got "exactly_once"\)/,
    );
    expect(() =>
      grader.probe(() => ({ guarantee: 'exactly_once_v2', topology, commitIntervalMs: 5 })),
    ).toThrow(/unknown field "commitIntervalMs"/);
    expect(() =>
      grader.probe(() => ({
        guarantee: 'exactly_once_v2',
        topology: { operators: [{ op: 'count', x: 1 }] },
      })),
    ).toThrow(/topology\.operators\[0\]/);
  });

  it('takes faults of the log and the processor, and names a function fault as out of place', () => {
    expect(grader.parseFaults([{ at: 5, kind: 'crash', target: 'streams-1' }])).toEqual([
      { at: 5, kind: 'crash', target: 'streams-1' },
    ]);
    expect(() => grader.parseFaults([{ at: 0, kind: 'instanceCrash', target: 'counter' }])).toThrow(
      /faults\[0\]\.kind: instanceCrash is a function fault/,
    );
  });
});

describe('when a count is visible', () => {
  it('times each view from its append to the first count of its rank, a jump counting all it covers', () => {
    const views = new Map([['ann', [0, 100, 200]]]);
    const visible = [
      { user: 'ann', count: 1, at: 50 },
      { user: 'bob', count: 1, at: 60 },
      { user: 'ann', count: 3, at: 400 },
      { user: 'ann', count: 2, at: 500 },
    ];
    expect(countLatencies(views, visible)).toEqual([50, 300, 200]);
  });

  it('sees a transactional count at its commit marker and never one of an aborted transaction', () => {
    const t = runCounter(
      parseApp(reference.countPageViewsInTheProcessor()),
      workloadOf(plainQuiet),
      crash!.faults as Json[],
      2,
    );
    const counts = committedCounts(t, foldTrace(t));
    const markers = new Set(
      t.flatMap((e) => (e.type === 'marker.written' && e.marker === 'COMMIT' ? [e.at] : [])),
    );
    expect(counts.every((c) => markers.has(c.at))).toBe(true);
    const appended = t.filter(
      (e) => e.type === 'record.appended' && e.topic === 'page-view-counts',
    );
    expect(appended.length).toBeGreaterThan(counts.length); // the crashed instance's open transaction
    expect(counts.length).toBe(24);
    expect(countLatencies(viewTimes(t), counts).every((ms) => ms > 0)).toBe(true);
  });

  it("sees the function's counts at their database writes", () => {
    const fn = runFunctionDesign(workloadOf(plainQuiet), [], 1);
    const counts = writtenCounts(fn.trace);
    expect(counts).toHaveLength(24);
    expect(counts.map((c) => c.count).reduce((a, b) => Math.max(a, b), 0)).toBe(
      Math.max(...Object.values(fn.views)),
    );
  });
});

describe("the second half's workload", () => {
  it("takes exercise 01's fields with their defaults and names a bad one", () => {
    expect(workloadOf({})).toEqual({
      views: 24,
      users: ['ann', 'bob', 'gus', 'kim'],
      partitions: 2,
      intervalMs: 50,
      durationMs: 24 * 50 + 3000,
    });
    expect(() => workloadOf({ views: 0 })).toThrow(/workload\.views: a positive integer \(got 0\)/);
    expect(() => workloadOf({ users: [] })).toThrow(/workload\.users/);
  });
});
