import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  type Stats,
} from 'node:fs';
import { basename, extname, join } from 'node:path';
import { codeFromProgressExport } from './progress-export.ts';

/** A submission found on disk: the student it belongs to and its source, or why it cannot be read. */
export type SubmissionSource =
  | { readonly student: string; readonly path: string; readonly source: string }
  | { readonly student: string; readonly path: string; readonly problem: string };

/**
 * Read one submission: a `.ts` file (the student is its name), a progress export of the site
 * (`.json`, read for `exerciseId`), or a folder (the student is the folder's name; the file is the
 * exercise's solution file, e.g. `starter.ts`, or else the folder's only `.ts` file, or else its
 * only `.json` file). Missing, unreadable and non-TypeScript files give a `problem`, and so
 * does anything but a regular file or folder: a symbolic link could point at the reference
 * solution (`/proc/self/cwd/exercises/.../reference.ts`) and grade as it.
 */
export function readSubmission(
  path: string,
  solutionFiles: readonly string[],
  exerciseId = '',
): SubmissionSource {
  const student = basename(path, extname(path)) || path;
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    return { student, path, problem: `No such file or folder: ${path}` };
  }
  const odd = notPlain(stat, path);
  if (odd) return { student, path, problem: odd };
  let file = path;
  if (stat.isDirectory()) {
    const named = solutionFiles.map((f) => join(path, f)).find((f) => exists(f));
    const typescript = listTs(path);
    const exports = listFiles(path, '.json');
    if (named) file = named;
    else if (typescript.length === 1) file = join(path, typescript[0]!);
    else if (typescript.length === 0 && exports.length === 1) file = join(path, exports[0]!);
    else
      return {
        student: basename(path),
        path,
        problem:
          typescript.length === 0
            ? `The folder ${path} holds no TypeScript file (expected ${solutionFiles.join(' or ')})`
            : `The folder ${path} holds several TypeScript files and none is named ${solutionFiles.join(' or ')}`,
      };
  } else if (extname(path) !== '.ts' && extname(path) !== '.json') {
    return {
      student,
      path,
      problem: `Not a TypeScript file (.ts) or a progress export (.json): ${path}`,
    };
  }
  try {
    const text = readRegularFile(file);
    const owner = stat.isDirectory() ? basename(path) : student;
    if (extname(file) !== '.json') return { student: owner, path: file, source: text };
    const read = codeFromProgressExport(text, exerciseId);
    return 'code' in read
      ? { student: owner, path: file, source: read.code }
      : { student: owner, path: file, problem: read.problem };
  } catch (error) {
    if (error instanceof NotPlainError) return { student, path, problem: error.message };
    return {
      student,
      path,
      problem: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    };
  }
}

/** Why `stat` is no plain file or folder (a link, a pipe, a device...), or null. */
function notPlain(stat: Stats, path: string): string | null {
  if (stat.isSymbolicLink())
    return `${path} is a symbolic link: submit the file itself, not a link to one`;
  if (!stat.isFile() && !stat.isDirectory())
    return `${path} is not a regular file or folder (a pipe, socket or device?)`;
  return null;
}

class NotPlainError extends Error {}

/**
 * The text of `file`, refusing a symbolic link even if one replaced the file since it was looked
 * at (`O_NOFOLLOW`), and anything but a regular file.
 */
function readRegularFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new NotPlainError(
        `${file} is a symbolic link: submit the file itself, not a link to one`,
      );
    throw error;
  }
  try {
    const odd = notPlain(fstatSync(fd), file);
    if (odd) throw new NotPlainError(odd);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function listTs(dir: string): string[] {
  return listFiles(dir, '.ts').filter((f) => !f.endsWith('.d.ts'));
}

function listFiles(dir: string, extension: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(extension))
      .sort();
  } catch {
    return [];
  }
}
