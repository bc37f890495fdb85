/**
 * Stack traces inside the grading realm name only the realm's own scripts. In the command line's
 * child, a trace taken by learner code would go on below the sandbox into the host (`node:vm`,
 * the child's script under the grading machine's checkout): a learner who puts `new Error().stack`
 * in a message would carry the machine's paths into the results, which must be the same on every
 * machine. Frames of host files are left out; the format is otherwise V8's own, so the page's
 * diagnosis still finds the learner's line.
 */

/** A frame of the host, not of the realm's scripts (which have bare names, or blob: URLs). */
function isHostFrame(fileName: string | null | undefined): boolean {
  if (typeof fileName !== 'string') return false;
  return fileName.startsWith('node:') || fileName.startsWith('file:') || fileName.startsWith('/');
}

interface CallSite {
  getFileName(): string | null | undefined;
  toString(): string;
}

function heading(error: unknown): string {
  try {
    const e = error as { name?: unknown; message?: unknown };
    const name = e.name === undefined ? 'Error' : String(e.name);
    const message = e.message === undefined ? '' : String(e.message);
    return message === '' ? name : `${name}: ${message}`;
  } catch {
    return 'Error';
  }
}

/** Install the realm's `Error.prepareStackTrace` (before the realm is frozen). */
export function confineStackTraces(): void {
  (Error as unknown as { prepareStackTrace: unknown }).prepareStackTrace =
    function prepareStackTrace(error: unknown, frames: readonly CallSite[]): string {
      const lines = [heading(error)];
      for (const frame of frames)
        if (!isHostFrame(frame.getFileName())) lines.push(`    at ${String(frame)}`);
      return lines.join('\n');
    };
}
