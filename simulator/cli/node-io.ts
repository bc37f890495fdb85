import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { Limits, type CliIo } from './command.ts';

/** The real process's streams and files, for `sim` run from a shell. */
export function nodeIo(): CliIo {
  // Piped into `head`, stdout closes early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    readFile: (path) => readInputFile(path, Limits.maxFileBytes),
    heapUsedBytes: () => process.memoryUsage().heapUsed,
    openOutput: (path) => {
      const fd = openSync(path, 'w');
      return {
        write: (text) => void writeSync(fd, text),
        close: () => closeSync(fd),
      };
    },
  };
}

/**
 * Reads a file the commands take as input: refused (code EFBIG) when larger than `maxBytes`, and
 * (code EILSEQ) when it is not valid UTF-8, naming the first bad byte, instead of silently
 * replacing it.
 */
export function readInputFile(path: string, maxBytes: number): string {
  const size = statSync(path).size;
  if (size > maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw Object.assign(new Error(`it is ${mb(size)}, more than the ${mb(maxBytes)} limit`), {
      code: 'EFBIG',
    });
  }
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
    throw Object.assign(
      new Error(
        `it is not valid UTF-8: the byte at offset ${offset} (line ${line}) is not part of a character`,
      ),
      { code: 'EILSEQ' },
    );
  }
}

/** The offset of the first byte that does not decode, found by decoding ever longer prefixes' characters. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const encoder = new TextEncoder();
  let offset = 0;
  for (const char of lenient) {
    const encoded = encoder.encode(char);
    const same = encoded.every((b, i) => bytes[offset + i] === b);
    if (!same) return offset;
    offset += encoded.length;
  }
  return offset;
}
