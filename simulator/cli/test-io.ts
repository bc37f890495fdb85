import type { CliIo } from './command.ts';

/**
 * An in-memory `CliIo` for tests: files are a record, output is collected. A path listed in
 * `directories` reads as a directory; writing under `/read-only/` is refused.
 */
export function memoryIo(
  files: Record<string, string> = {},
  options: { stderrIsTTY?: boolean; directories?: string[] } = {},
) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written: Record<string, string> = {};
  const fail = (code: string, path: string) =>
    Object.assign(new Error(`${code}: ${path}`), { code });
  const io: CliIo = {
    stdout: (text) => void stdout.push(text),
    stderr: (text) => void stderr.push(text),
    stderrIsTTY: options.stderrIsTTY ?? false,
    readFile(path) {
      if (options.directories?.includes(path)) throw fail('EISDIR', path);
      if (!(path in files)) throw fail('ENOENT', path);
      return files[path];
    },
    openOutput(path) {
      if (path.startsWith('/read-only/')) throw fail('EACCES', path);
      written[path] = '';
      return { write: (text) => void (written[path] += text), close: () => {} };
    },
  };
  return {
    io,
    written,
    out: () => stdout.join(''),
    err: () => stderr.join(''),
  };
}
