/**
 * `npm run bench:digests`: one line per trace the benchmarks and examples make — its name, a
 * SHA-256 of the JSON of its events one after another, and its length. A speed change must leave
 * every line as it was (issue 18: traces byte-identical), so save the output before the change and
 * compare after it:
 *
 *   npm run bench:digests > /tmp/before.txt   # on the commit before
 *   npm run bench:digests | diff /tmp/before.txt -
 *
 * The golden logs (`simulator/scenarios/*.log`) hold the examples' traces in the terminal's format;
 * this also covers the benchmarks' own large runs, which no test keeps.
 */
import { createHash } from 'node:crypto';
import { buildWorld } from '../simulator/scenario/build.ts';
import { exampleScenarios } from '../simulator/test/run-scenarios.ts';
import { produceAndRead } from './bench/log.bench.ts';
import {
  joinInputs,
  joinScenario,
  lastSimulatedTrace,
  simulatedJoin,
} from './bench/streams.bench.ts';

/** The digest of a trace: SHA-256 of each event's JSON in order (first 16 hex digits), and its length. */
export function traceDigest(trace: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const event of trace) hash.update(JSON.stringify(event));
  return `${hash.digest('hex').slice(0, 16)} ${trace.length}`;
}

for (const { name, scenario } of exampleScenarios()) {
  const world = buildWorld(scenario);
  world.runUntil(scenario.durationMs);
  console.log(name, traceDigest(world.trace));
}
simulatedJoin(joinScenario(joinInputs()));
console.log('bench: simulated join', traceDigest(lastSimulatedTrace ?? []));
console.log('bench: transactional log', traceDigest(produceAndRead(true).trace));
