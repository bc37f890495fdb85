import { readFileSync } from 'node:fs';
import { designScenario, runDesign } from '../../simulator/compare/index.ts';
import { scenarioSchema, type Scenario } from '../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { processorAt, processorAtFromStart } from '../../site/lib/views/processor-at.ts';
import { serverlessAt, serverlessAtFromStart } from '../../site/lib/views/serverless-at.ts';
import { sampleHeap, type BenchCase } from '../bench.ts';

/**
 * The site's view folds (issue 5 §8: a seek to a random point of a 100,000-event trace ≤ 50 ms):
 * the serverless and processor pictures at random playheads of a 100,000-event run of the
 * page-views comparison (its serverless and stream-processor designs, with their faults).
 * Baseline: the fold from the first event that the views did for every playhead before (mean of
 * 20 seeks). Figure: the cached incremental fold (`IncrementalFold`), mean of 200 seeks on a trace
 * it has never seen, so the first pass over the trace is part of the mean. Target: a fifth of the
 * baseline; the printed mean is the figure to hold against the 50 ms budget.
 */
const EVENTS = 100_000;

function trace(design: string, records: number): TraceEvent[] {
  const file = new URL('../../simulator/scenarios/compare/page-views.json', import.meta.url);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
    producers: { workload: { generators: Record<string, unknown>[] } }[];
  };
  Object.assign(raw.producers[0].workload.generators[0], { count: records, intervalMs: 2 });
  raw.durationMs = records * 2 + 5000;
  const scenario: Scenario = scenarioSchema.parse(raw);
  const spec = scenario.designs!.find((d) => d.name === design)!;
  const events = runDesign(designScenario(scenario, spec, true), scenario.seed);
  if (events.length < EVENTS) throw new Error(`${design}: only ${events.length} events`);
  // Shorter than the run: the fold does not care where a trace stops.
  return events.slice(0, EVENTS);
}

/** Mean ms of `seeks` seeks to playheads drawn by a fixed LCG over `[0, length]`. */
export function meanSeekMs(length: number, seeks: number, at: (index: number) => unknown): number {
  let x = 2463534242;
  let total = 0;
  for (let i = 0; i < seeks; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const index = x % (length + 1);
    const start = process.hrtime.bigint();
    at(index);
    total += Number(process.hrtime.bigint() - start) / 1e6;
    if (i % 20 === 0) sampleHeap();
  }
  return total / seeks;
}

function seekCase(
  name: string,
  design: string,
  records: number,
  cached: (events: readonly TraceEvent[], index: number) => unknown,
  fromStart: (events: readonly TraceEvent[], index: number) => unknown,
): BenchCase {
  return {
    name: `views.seek ${name} (mean of random seeks in ${EVENTS / 1000}k events)`,
    run() {
      const events = trace(design, records);
      const baseline = meanSeekMs(events.length, 20, (i) => fromStart(events, i));
      const value = meanSeekMs(events.length, 200, (i) => cached(events, i));
      return { value, unit: 'ms', baseline, target: 0.2 };
    },
  };
}

export default [
  seekCase('serverless', 'serverless', 14_500, serverlessAt, serverlessAtFromStart),
  seekCase('processor', 'stream-processor', 7200, processorAt, processorAtFromStart),
];
