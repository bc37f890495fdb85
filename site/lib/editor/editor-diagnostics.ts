/**
 * Diagnostics as the editor shows them: plain data (they cross from the type-check worker by
 * `postMessage`), with offsets into the learner's text, independent of CodeMirror and TypeScript.
 */

/** One message attached to a range of the learner's text. */
export interface EditorDiagnostic {
  /** Start offset in the text (UTF-16 code units, as JavaScript strings and CodeMirror count). */
  from: number;
  /** End offset, at least `from`. */
  to: number;
  /** How bad it is. */
  severity: 'error' | 'warning' | 'info';
  /** The message, flattened to plain text (a TypeScript message chain becomes indented lines). */
  message: string;
  /** Who said it: `ts(2322)` for a TypeScript diagnostic, `runtime` for a run's error. */
  source: string;
}

/**
 * Keep diagnostics inside a document of `length` characters: a check answered for an older
 * text may point past the end of the current one, and CodeMirror throws on such a range.
 */
export function clampDiagnostics(
  diagnostics: readonly EditorDiagnostic[],
  length: number,
): EditorDiagnostic[] {
  return diagnostics.map((d) => {
    const from = Math.max(0, Math.min(d.from, length));
    return { ...d, from, to: Math.max(from, Math.min(d.to, length)) };
  });
}

/**
 * A runtime error shown on the learner's 1-based `line` (from `learnerLine` in
 * exercises/grader/transpile.ts): the range covers the line's text without its indentation, or
 * the end of the text when the line does not exist.
 */
export function runtimeDiagnostic(source: string, line: number, message: string): EditorDiagnostic {
  let start = 0;
  for (let current = 1; current < line; current++) {
    const next = source.indexOf('\n', start);
    if (next < 0)
      return {
        from: source.length,
        to: source.length,
        severity: 'error',
        message,
        source: 'runtime',
      };
    start = next + 1;
  }
  const end = source.indexOf('\n', start) < 0 ? source.length : source.indexOf('\n', start);
  const indent = /^[ \t]*/.exec(source.slice(start, end))![0].length;
  return {
    from: Math.min(start + indent, end),
    to: end,
    severity: 'error',
    message,
    source: 'runtime',
  };
}
