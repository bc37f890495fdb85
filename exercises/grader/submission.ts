import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** A submission found on disk: the student it belongs to and its source, or why it cannot be read. */
export type SubmissionSource =
  | { readonly student: string; readonly path: string; readonly source: string }
  | { readonly student: string; readonly path: string; readonly problem: string };

/**
 * Read one submission: a `.ts` file (the student is its name), or a folder (the student is the
 * folder's name; the file is the exercise's solution file, e.g. `starter.ts`, or else the
 * folder's only `.ts` file). Missing, unreadable and non-TypeScript files give a `problem`.
 */
export function readSubmission(path: string, solutionFiles: readonly string[]): SubmissionSource {
  const student = basename(path, extname(path)) || path;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { student, path, problem: `No such file or folder: ${path}` };
  }
  let file = path;
  if (stat.isDirectory()) {
    const named = solutionFiles.map((f) => join(path, f)).find((f) => isFile(f));
    const typescript = listTs(path);
    if (named) file = named;
    else if (typescript.length === 1) file = join(path, typescript[0]!);
    else
      return {
        student: basename(path),
        path,
        problem:
          typescript.length === 0
            ? `The folder ${path} holds no TypeScript file (expected ${solutionFiles.join(' or ')})`
            : `The folder ${path} holds several TypeScript files and none is named ${solutionFiles.join(' or ')}`,
      };
  } else if (extname(path) !== '.ts') {
    return { student, path, problem: `Not a TypeScript file (.ts): ${path}` };
  }
  try {
    return {
      student: stat.isDirectory() ? basename(path) : student,
      path: file,
      source: readFileSync(file, 'utf8'),
    };
  } catch (error) {
    return {
      student,
      path,
      problem: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    };
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function listTs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .sort();
  } catch {
    return [];
  }
}
