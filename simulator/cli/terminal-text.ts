import type { CliIo } from './command.ts';

/**
 * What `sim` prints for people goes to a terminal, and names in a scenario file are the file
 * author's: a NUL or an ANSI escape sequence in a topic or actor name must not reach the terminal
 * raw (it could recolour, move the cursor, retitle the window). Control characters other than tab
 * and newline are shown as `\xNN`. JSON output is left alone: JSON.stringify already escapes the
 * C0 controls, and changing its strings would change the data.
 */

/** C0 (but tab and newline), DEL and C1, as code-point ranges. */
const CONTROL_RANGES: readonly [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
];
const isControl = (code: number) => CONTROL_RANGES.some(([from, to]) => code >= from && code <= to);

/** The text with every control character but tab and newline written as `\xNN`. */
export function escapeControls(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += isControl(code) ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return out;
}

/** The same I/O with standard error, and standard output unless it carries JSON, made terminal-safe. */
export function terminalSafeIo(io: CliIo, stdoutIsJson: boolean): CliIo {
  return {
    ...io,
    stdout: stdoutIsJson ? io.stdout : (text) => io.stdout(escapeControls(text)),
    // The progress line's own carriage return and erase sequence are ours: they pass.
    stderr: (text) => io.stderr(text.startsWith('\r') ? text : escapeControls(text)),
  };
}
