import { runComparison, type ComparisonOutcome } from '../../lib/views/compare-model.ts';

/**
 * The comparison worker: runs every design of a file (twice each: with and without its faults)
 * off the page's thread. One request in, one answer out; the page terminates it if it takes too long.
 */
// The site's types are the page's (lib.dom); a worker's global scope is typed by hand here.
const scope = self as unknown as {
  onmessage: ((message: MessageEvent<{ text: string; seed: number | null }>) => void) | null;
  postMessage(message: ComparisonOutcome): void;
};

scope.onmessage = (message) => {
  try {
    scope.postMessage(runComparison(message.data.text, message.data.seed));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    scope.postMessage({
      ok: false,
      errors: [{ path: '', message: `the comparison stopped: ${text}` }],
    });
  }
};
