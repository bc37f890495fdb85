import {
  compareScores,
  hasPassed,
  PROGRESS_VERSION,
  type ExerciseProgress,
  type ProgressDoc,
  type ProgressState,
} from './progress.ts';
import { readProgressValue } from './progress-read.ts';

/**
 * Progress as a file a learner can carry to another browser: export writes the document with a
 * format marker; import reads it as untrusted text with the same rules as the stored progress
 * (migration, per-exercise salvage), previews per exercise whether it is newer, older or the same,
 * and merges so that nothing done in either place is undone. The file handling (download, file
 * input) is in ProgressControls.svelte; everything here is pure.
 */

/** The `format` marker of a progress file. */
export const PROGRESS_FILE_FORMAT = 'streamworks-progress';
/** The largest file import reads, characters. */
export const MAX_IMPORT_CHARS = 5_000_000;

/** A progress file: the document plus a format marker and, if the caller gave one, a date. */
export interface ProgressFile extends ProgressDoc {
  /** Says what the file is, so a stray JSON file is refused with a clear message. */
  readonly format: typeof PROGRESS_FILE_FORMAT;
  /** When it was exported (ISO date passed in by the caller), or null. */
  readonly exportedAt: string | null;
}

/** Reading a file: the progress and the problems salvaged, or one sentence saying why not. */
export type ImportRead =
  | { ok: true; doc: ProgressDoc; problems: string[]; exportedAt: string | null }
  | { ok: false; message: string };

/** How an imported exercise compares with this browser's progress on it. */
export type ImportRelation = 'new' | 'newer' | 'older' | 'same';

/** What importing would do to one exercise. */
export interface ImportChange {
  /** The exercise id. */
  readonly id: string;
  /** `new`: no progress here; `newer`/`older`: the file is further/less far along; `same`. */
  readonly relation: ImportRelation;
  /** Whether the file's code differs from the code here (then the learner chooses which stays). */
  readonly codeDiffers: boolean;
  /** Whether the manifest lists the exercise (unknown ones are merged but not shown elsewhere). */
  readonly known: boolean;
}

/** The text of a progress file (pretty-printed JSON, so it diffs and reads well). */
export function exportProgress(doc: ProgressDoc, exportedAt: string | null = null): string {
  const file: ProgressFile = {
    format: PROGRESS_FILE_FORMAT,
    version: PROGRESS_VERSION,
    exportedAt,
    exercises: doc.exercises,
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/** A file name for an export made at `isoDate` (`streamworks-progress-2026-11-26.json`). */
export function progressFileName(isoDate: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(isoDate)?.[0];
  return day ? `streamworks-progress-${day}.json` : 'streamworks-progress.json';
}

/** Reads a progress file; anything else gets one sentence, never an exception. */
export function readImport(text: string): ImportRead {
  if (text.length > MAX_IMPORT_CHARS) {
    return {
      ok: false,
      message: `This file is too large for a progress file (${text.length} characters; at most ${MAX_IMPORT_CHARS}).`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not valid JSON, so it is not a progress export.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: 'This file holds no JSON object, so it is not a progress export.',
    };
  }
  const { format, exportedAt, ...rest } = value as Record<string, unknown>;
  if (format !== PROGRESS_FILE_FORMAT) {
    return {
      ok: false,
      message: `This file is not a Streamworks progress export (it has no "format": "${PROGRESS_FILE_FORMAT}").`,
    };
  }
  const read = readProgressValue(rest, 'this file');
  if (!read.ok) return { ok: false, message: `${read.message}.` };
  const at = typeof exportedAt === 'string' && exportedAt.length <= 64 ? exportedAt : null;
  return { ok: true, doc: read.doc, problems: read.problems, exportedAt: at };
}

const stateRank: Record<ProgressState, number> = { 'not-started': 0, failing: 1, passing: 2 };

/**
 * Orders two progress entries by how far along they are: ever passed, then best score, then
 * attempts, then hints and reference seen. Positive when `a` is further along; 0 when no measure
 * tells them apart (their code may still differ). There are no dates to compare: progress keeps
 * none unless the page passes them in, and clocks of two browsers need not agree.
 */
export function compareProgress(a: ExerciseProgress, b: ExerciseProgress): number {
  const steps = [
    Number(hasPassed(a)) - Number(hasPassed(b)),
    a.best === null || b.best === null
      ? Number(a.best !== null) - Number(b.best !== null)
      : compareScores(a.best, b.best),
    a.attempts - b.attempts,
    a.hintsRevealed.length - b.hintsRevealed.length,
    Number(a.referenceRevealed) - Number(b.referenceRevealed),
  ];
  return Math.sign(steps.find((s) => s !== 0) ?? 0);
}

/** What importing `incoming` would change, per exercise of the file: the manifest's first. */
export function previewImport(
  current: ProgressDoc,
  incoming: ProgressDoc,
  knownIds: readonly string[],
): ImportChange[] {
  const ids = Object.keys(incoming.exercises);
  const ordered = [
    ...knownIds.filter((id) => ids.includes(id)),
    ...ids.filter((id) => !knownIds.includes(id)),
  ];
  return ordered.map((id) => {
    const theirs = incoming.exercises[id];
    const known = knownIds.includes(id);
    if (!Object.hasOwn(current.exercises, id)) {
      return { id, relation: 'new', codeDiffers: theirs.code !== null, known };
    }
    const ours = current.exercises[id];
    const order = compareProgress(theirs, ours);
    const relation = order > 0 ? 'newer' : order < 0 ? 'older' : 'same';
    return { id, relation, codeDiffers: theirs.code !== ours.code, known };
  });
}

/**
 * Merges an imported document into this browser's. Per exercise the best of both wins: the
 * further state, the better score, the larger attempt count (not the sum: the file may be an
 * earlier export of these same attempts), the first pass recorded here (else the file's), every
 * hint and the reference if either side saw them. The code here is kept unless its id is in
 * `takeCode`, or unless there is no code here (then nothing is overwritten by taking the file's).
 */
export function mergeProgress(
  current: ProgressDoc,
  incoming: ProgressDoc,
  takeCode: readonly string[],
): ProgressDoc {
  const exercises: Record<string, ExerciseProgress> = { ...current.exercises };
  for (const id of Object.keys(incoming.exercises)) {
    const theirs = incoming.exercises[id];
    if (!Object.hasOwn(current.exercises, id)) {
      exercises[id] = theirs;
      continue;
    }
    exercises[id] = mergeEntry(current.exercises[id], theirs, takeCode.includes(id));
  }
  return { version: PROGRESS_VERSION, exercises };
}

function mergeEntry(
  ours: ExerciseProgress,
  theirs: ExerciseProgress,
  takeTheirCode: boolean,
): ExerciseProgress {
  const best =
    ours.best === null || (theirs.best !== null && compareScores(theirs.best, ours.best) > 0)
      ? theirs.best
      : ours.best;
  return {
    code: takeTheirCode || ours.code === null ? theirs.code : ours.code,
    state: stateRank[theirs.state] > stateRank[ours.state] ? theirs.state : ours.state,
    best,
    attempts: Math.max(ours.attempts, theirs.attempts),
    firstPass: ours.firstPass ?? theirs.firstPass,
    hintsRevealed: [...new Set([...ours.hintsRevealed, ...theirs.hintsRevealed])].sort(
      (a, b) => a - b,
    ),
    referenceRevealed: ours.referenceRevealed || theirs.referenceRevealed,
  };
}
