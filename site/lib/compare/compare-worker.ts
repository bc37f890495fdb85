import {
  runComparison,
  runCrossover,
  type ComparisonOutcome,
  type CrossoverOutcome,
} from '../views/compare-model.ts';

/**
 * The comparison worker: runs every design of a file (twice each: with and without its faults),
 * or every design at each load of the crossover, off the page's thread. One request in, one answer out; the page terminates it if it takes too long.
 */
// The site's types are the page's (lib.dom); a worker's global scope is typed by hand here.
const scope = self as unknown as {
  onmessage:
    | ((message: MessageEvent<{ text: string; seed: number | null; crossover?: boolean }>) => void)
    | null;
  postMessage(message: ComparisonOutcome | CrossoverOutcome): void;
};

scope.onmessage = (message) => {
  try {
    const { text, seed, crossover } = message.data;
    scope.postMessage(crossover ? runCrossover(text, seed) : runComparison(text, seed));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    scope.postMessage({
      ok: false,
      errors: [{ path: '', message: `the comparison stopped: ${text}` }],
    });
  }
};
