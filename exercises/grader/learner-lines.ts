/**
 * What a page needs from a transpiled submission without loading TypeScript (~1 MB gzipped):
 * the learner's line for a place in the transpiled code, and the sentence for code that could
 * not be transpiled. Imports nothing, so importing it never pulls the compiler into a bundle;
 * transpile.ts re-exports it for Node callers.
 */

/**
 * The learner's line for a line of the transpiled code (both 1-based), or null when that line is
 * emitted by the compiler alone (`"use strict"`, `exports.x = void 0`, helpers).
 */
export function learnerLine(
  transpiledLine: number,
  lineMap: readonly (number | null)[],
): number | null {
  return lineMap[transpiledLine - 1] ?? null;
}

/**
 * The first place in an error stack that points into `fileName` (as the sandbox names the
 * wrapped submission), as 1-based line and column of that file. Works for V8's
 * `at f (submission.js:12:5)` and Firefox/Safari's `f@submission.js:12:5` frames.
 */
export function stackPosition(
  stack: string,
  fileName: string,
): { line: number; column: number } | null {
  for (const frame of stack.split('\n')) {
    const at = frame.lastIndexOf(`${fileName}:`);
    if (at < 0) continue;
    const match = /^(\d+):(\d+)/.exec(frame.slice(at + fileName.length + 1));
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return null;
}

/**
 * The learner's line for an error thrown by transpiled code: the first frame in `fileName`,
 * less the `linesBefore` lines the sandbox put above the code (the CLI's `vm` wrapper adds 1;
 * `new Function(...)` adds 2 in V8, whose frames name `<anonymous>` unless the code ends with a
 * `//# sourceURL=` comment), mapped through `lineMap`. Null when no frame is the learner's.
 */
export function learnerLineOfError(
  stack: string,
  fileName: string,
  lineMap: readonly (number | null)[],
  linesBefore: number,
): number | null {
  const place = stackPosition(stack, fileName);
  return place ? learnerLine(place.line - linesBefore, lineMap) : null;
}

/** The one sentence a grade gives for code that could not be transpiled (the page says the same). */
export function notTypeScriptMessage(failed: {
  message: string;
  line: number;
  column: number;
}): string {
  return `The submission is not valid TypeScript at line ${failed.line}, column ${failed.column}: ${failed.message}`;
}
