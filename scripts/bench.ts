/**
 * `npm run bench [-- FILTER...]`: runs the benchmark cases in `scripts/bench/*.bench.ts` whose
 * name contains one of the filters (all of them without a filter), one after another in this
 * process, and prints one line each:
 *
 *   name: value unit (baseline X, ratio R×, target ≤ T×) OK|MISSED   [heap peak M MB]
 *
 * A case measures its figure and a baseline in the same process, so the ratio means something on
 * any machine. Figures are costs (time per operation, bytes, ...): lower is better, the ratio is
 * `value / baseline`, and a case meets its target when `ratio ≤ target` (or `value ≤ target` when
 * it has no baseline). The exit code is 1 if any case missed its target or threw.
 *
 * A case file's default export is a case or an array of cases. The harness runs the garbage
 * collector before each case (node --expose-gc, as `npm run bench` starts it) and reports the
 * peak `heapUsed`, sampled before and after the case and wherever the case calls `sampleHeap()`.
 *
 * Benchmarks never run in `npm test`: vitest only collects `*.test.ts`.
 */
import { readdirSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a case measured. */
export interface BenchResult {
  /** The figure, a cost: lower is better. */
  readonly value: number;
  /** Its unit, for example `ns/op` or `MB`. */
  readonly unit: string;
  /** The same kind of figure for the baseline, measured in the same run. */
  readonly baseline?: number;
  /** The most `value / baseline` may be (or `value`, without a baseline). */
  readonly target?: number;
}

/** One benchmark. */
export interface BenchCase {
  /** Shown in the output and matched by the filters. */
  readonly name: string;
  /** Measures once and returns the figures. */
  run(): BenchResult;
}

let heapPeakBytes = 0;

/** Records the current heap size toward the running case's peak; call it inside long loops. */
export function sampleHeap(): void {
  // Not process.memoryUsage(): it also reads the resident set size from /proc, about 13 µs a
  // call, which cases that sample inside their timed loops would count as the engine's time.
  const used = getHeapStatistics().used_heap_size;
  if (used > heapPeakBytes) heapPeakBytes = used;
}

/** The running case's peak heap so far, in MB (what its output line's `heap peak` will say). */
export function heapPeakMb(): number {
  return heapPeakBytes / 1_048_576;
}

/**
 * Nanoseconds per operation of `body`, which performs `ops` operations: one warm-up run, then the
 * median of `repeats` timed runs (the median shrugs off a stray pause of a shared machine).
 */
export function nsPerOp(ops: number, body: () => void, repeats = 7): number {
  body();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    body();
    times.push(Number(process.hrtime.bigint() - start));
    sampleHeap();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] / ops;
}

/** Formats a number with three significant digits. */
function fmt(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e6 ? String(n) : n.toPrecision(3);
}

/** The output line for one result, and whether it met its target. */
export function describeResult(name: string, result: BenchResult): { line: string; ok: boolean } {
  const parts: string[] = [];
  let measure = result.value;
  if (result.baseline !== undefined) {
    measure = result.value / result.baseline;
    parts.push(`baseline ${fmt(result.baseline)}`, `ratio ${fmt(measure)}×`);
  }
  let ok = true;
  let verdict = '';
  if (result.target !== undefined) {
    ok = measure <= result.target;
    const unit = result.baseline !== undefined ? '×' : ` ${result.unit}`;
    parts.push(`target ≤ ${fmt(result.target)}${unit}`);
    verdict = ok ? ' OK' : ' MISSED';
  }
  const details = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  return { line: `${name}: ${fmt(result.value)} ${result.unit}${details}${verdict}`, ok };
}

async function loadCases(folder: string): Promise<BenchCase[]> {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.bench.ts'))
    .sort();
  const cases: BenchCase[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(folder, file)).href)) as {
      default?: BenchCase | BenchCase[];
    };
    if (module.default === undefined) throw new Error(`${file} has no default export`);
    cases.push(...(Array.isArray(module.default) ? module.default : [module.default]));
  }
  return cases;
}

async function main(filters: string[]): Promise<number> {
  if (globalThis.gc === undefined) {
    console.warn('warning: run with node --expose-gc (npm run bench does) for clean heap figures');
  }
  const folder = join(dirname(fileURLToPath(import.meta.url)), 'bench');
  const all = await loadCases(folder);
  const chosen = all.filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)));
  if (chosen.length === 0) {
    console.error(
      `no benchmark matches ${filters.join(', ')} (have: ${all.map((c) => c.name).join(', ')})`,
    );
    return 1;
  }
  let failures = 0;
  for (const bench of chosen) {
    globalThis.gc?.();
    heapPeakBytes = 0;
    sampleHeap();
    try {
      const result = bench.run();
      sampleHeap();
      const { line, ok } = describeResult(bench.name, result);
      if (!ok) failures++;
      console.log(`${line}   [heap peak ${fmt(heapPeakBytes / 1_048_576)} MB]`);
    } catch (error) {
      failures++;
      console.log(`${bench.name}: FAILED ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

// Not a top-level await: case files import this module for its helpers, and awaiting them here
// while they wait for this module to finish evaluating would deadlock.
const entry = process.argv[1];
if (entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
