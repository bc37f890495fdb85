import { closeSync, openSync, writeSync } from 'node:fs';
import type { CliIo } from './command.ts';
import { readTextFile } from './node-files.ts';

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
    readFile: (path) => readTextFile(path),
    openOutput: (path) => {
      const fd = openSync(path, 'w');
      return {
        write: (text) => void writeSync(fd, text),
        close: () => closeSync(fd),
      };
    },
  };
}
