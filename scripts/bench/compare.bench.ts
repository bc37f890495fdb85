import { readFileSync } from 'node:fs';
import { designScenario, runDesign } from '../../simulator/compare/index.ts';
import { scenarioSchema, type Scenario } from '../../simulator/scenario/schema.ts';
import { sampleHeap, type BenchCase } from '../bench.ts';

/**
 * The comparison's speed (issue 4 §7): 100,000 page views (BENCH_COMPARE_EVENTS to change it)
 * through each of the three designs of simulator/scenarios/compare/page-views.json — serverless
 * functions + database, a Kafka Streams count, stateful functions — with and without the file's
 * fault schedule. Each case times one run of each design in the same process and prints each
 * time with its ratio to the stream-processor design; the case's figure is the slowest design's
 * time, its baseline the fastest's, and the target is that no design takes more than 5× another.
 */
const EVENTS = Number(process.env.BENCH_COMPARE_EVENTS ?? 100_000);

function pageViews(): Scenario {
  const file = new URL('../../simulator/scenarios/compare/page-views.json', import.meta.url);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
    producers: { workload: { generators: Record<string, unknown>[] } }[];
  };
  const generator = raw.producers[0].workload.generators[0];
  Object.assign(generator, { count: EVENTS, intervalMs: 1 });
  // Time to drain the last batches after the last view (a retry, a restore).
  raw.durationMs = EVENTS + 5000;
  return scenarioSchema.parse(raw);
}

function timeDesigns(withFaults: boolean) {
  const scenario = pageViews();
  const times = new Map<string, number>();
  for (const design of scenario.designs ?? []) {
    const start = process.hrtime.bigint();
    const events = runDesign(designScenario(scenario, design, withFaults), scenario.seed);
    times.set(design.name, Number(process.hrtime.bigint() - start) / 1e9);
    sampleHeap();
    console.log(
      `  ${design.name}${withFaults ? ' (faults)' : ''}: ${times.get(design.name)!.toFixed(2)} s, ${events.length} events`,
    );
  }
  const streams = times.get('stream-processor')!;
  for (const [name, s] of times)
    console.log(`  ${name}: ${(s / streams).toFixed(2)}× the stream processor`);
  const all = [...times.values()];
  return {
    value: Math.max(...all),
    unit: 's (slowest design)',
    baseline: Math.min(...all),
    target: 5,
  };
}

const cases: BenchCase[] = [
  {
    name: `compare: ${EVENTS} page views through three designs, no faults`,
    run: () => timeDesigns(false),
  },
  {
    name: `compare: ${EVENTS} page views through three designs, with faults`,
    run: () => timeDesigns(true),
  },
];

export default cases;
