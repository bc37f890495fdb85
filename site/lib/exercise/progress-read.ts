import { z } from 'zod';
import {
  EMPTY_PROGRESS,
  EXERCISE_ID,
  PROGRESS_VERSION,
  type ExerciseProgress,
  type ProgressDoc,
} from './progress.ts';

/**
 * Reading progress from untrusted text (the browser's storage, an imported file): every version
 * this workbook has written is read, older ones migrated, and damage is salvaged instead of
 * refused — per exercise, per field — so a learner loses as little as possible. Each problem is
 * one sentence the page can show. Nothing read is executed or inserted as markup.
 */

/** The longest learner code kept for one exercise, characters. */
export const MAX_CODE_CHARS = 200_000;

/**
 * Format 1, the first prototype's: the learner's code by exercise id and the ids of the exercises
 * passed. It knew nothing of scores, attempts or hints; `migrateV1` maps it into format 2.
 */
export interface ProgressV1 {
  /** Format version. */
  readonly version: 1;
  /** The learner's code by exercise id. */
  readonly code: Readonly<Record<string, string>>;
  /** The ids of the exercises passed. */
  readonly passed: readonly string[];
}

/**
 * Reading progress: the document and the problems met and salvaged (whole sentences), or why
 * nothing was readable (a clause without its full stop, so the caller can add what it did).
 */
export type ProgressRead =
  | { ok: true; doc: ProgressDoc; problems: string[]; migratedFrom: 1 | null }
  | { ok: false; message: string };

const score = z.number().min(0).max(1e9);
const fields = {
  code: z.string().max(MAX_CODE_CHARS).nullable(),
  state: z.enum(['not-started', 'failing', 'passing']),
  best: z
    .strictObject({ score, maxScore: score })
    .refine((s) => s.score <= s.maxScore, 'a score above its maximum')
    .nullable(),
  attempts: z.int().min(0).max(1e9),
  firstPass: z
    .strictObject({
      attempt: z.int().min(1).max(1e9).nullable(),
      at: z.string().max(64).nullable(),
    })
    .nullable(),
  hintsRevealed: z.array(z.int().min(1).max(1000)).max(1000),
  referenceRevealed: z.boolean(),
} satisfies { [K in keyof ExerciseProgress]: z.ZodType };
const fieldNames = Object.keys(fields) as (keyof ExerciseProgress)[];

/** Reads progress from JSON text; `what` names the source in messages ("the saved progress"). */
export function readProgressText(text: string, what: string): ProgressRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `${capital(what)} is not valid JSON (damaged or cut short)` };
  }
  return readProgressValue(value, what);
}

/** Reads progress from a parsed JSON value, migrating format 1 and salvaging what validates. */
export function readProgressValue(value: unknown, what: string): ProgressRead {
  if (!isPlainObject(value) || !('version' in value)) {
    return { ok: false, message: `${capital(what)} is not a progress document (no "version")` };
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `${capital(what)} has a version that is not a format number` };
  }
  if (version > PROGRESS_VERSION) {
    return {
      ok: false,
      message:
        `${capital(what)} was written by a newer workbook (format ${version}; ` +
        `this page reads up to ${PROGRESS_VERSION})`,
    };
  }
  if (version === 1) return readV1(value, what);
  return readV2(value, what);
}

function readV2(value: Record<string, unknown>, what: string): ProgressRead {
  if (!isPlainObject(value.exercises)) {
    return { ok: false, message: `${capital(what)} has no "exercises" object` };
  }
  const problems = extraKeys(value, ['version', 'exercises'], what);
  const exercises: Record<string, ExerciseProgress> = {};
  for (const id of Object.keys(value.exercises)) {
    if (!EXERCISE_ID.test(id)) {
      problems.push(
        `${capital(what)} has an entry under ${quote(id)}, not an exercise id; it was left out.`,
      );
      continue;
    }
    const salvaged = salvageEntry(value.exercises[id]);
    if (salvaged === null) {
      problems.push(
        `${capital(what)} has no usable progress for ${quote(id)} (not an object); it was left out.`,
      );
      continue;
    }
    exercises[id] = salvaged.entry;
    if (salvaged.bad.length > 0) {
      problems.push(
        `${capital(what)} had damaged fields for ${quote(id)} (${salvaged.bad.join(', ')}), ` +
          'which were reset; the rest of its progress was kept.',
      );
    }
  }
  return { ok: true, doc: { version: PROGRESS_VERSION, exercises }, problems, migratedFrom: null };
}

/** One exercise's progress with each invalid or missing field reset, and the fields reset. */
export function salvageEntry(value: unknown): { entry: ExerciseProgress; bad: string[] } | null {
  if (!isPlainObject(value)) return null;
  const entry: Record<string, unknown> = {};
  const bad: string[] = [];
  for (const name of fieldNames) {
    const parsed = fields[name].safeParse(value[name]);
    entry[name] = parsed.success ? parsed.data : EMPTY_PROGRESS[name];
    if (!parsed.success) bad.push(name in value ? name : `${name} missing`);
  }
  for (const key of Object.keys(value)) {
    if (!(fieldNames as string[]).includes(key)) bad.push(`unknown ${quote(key)}`);
  }
  entry.hintsRevealed = [...new Set(entry.hintsRevealed as number[])].sort((a, b) => a - b);
  return { entry: entry as unknown as ExerciseProgress, bad };
}

function readV1(value: Record<string, unknown>, what: string): ProgressRead {
  const problems = extraKeys(value, ['version', 'code', 'passed'], what);
  const code: Record<string, string> = {};
  if (isPlainObject(value.code)) {
    for (const id of Object.keys(value.code)) {
      const text = value.code[id];
      if (EXERCISE_ID.test(id) && typeof text === 'string' && text.length <= MAX_CODE_CHARS) {
        code[id] = text;
      } else {
        problems.push(
          `${capital(what)} (format 1) has unusable code under ${quote(id)}; it was left out.`,
        );
      }
    }
  } else if (value.code !== undefined) {
    problems.push(
      `${capital(what)} (format 1) has a "code" that is not an object; it was left out.`,
    );
  }
  const passed: string[] = [];
  if (Array.isArray(value.passed)) {
    for (const id of value.passed) {
      if (typeof id === 'string' && EXERCISE_ID.test(id)) passed.push(id);
      else
        problems.push(
          `${capital(what)} (format 1) lists ${quote(id)} as passed, not an exercise id; it was left out.`,
        );
    }
  } else if (value.passed !== undefined) {
    problems.push(
      `${capital(what)} (format 1) has a "passed" that is not a list; it was left out.`,
    );
  }
  return { ok: true, doc: migrateV1({ version: 1, code, passed }), problems, migratedFrom: 1 };
}

/**
 * Format 1 to format 2. Format 1 did not count attempts or keep scores, so a passed exercise
 * becomes `passing` with an unknown best score (null) and a first pass of unknown attempt; one
 * with only code becomes `not-started` (it may never have been graded).
 */
export function migrateV1(v1: ProgressV1): ProgressDoc {
  const exercises: Record<string, ExerciseProgress> = {};
  const ids = [...Object.keys(v1.code), ...v1.passed.filter((id) => !Object.hasOwn(v1.code, id))];
  for (const id of ids) {
    const passed = v1.passed.includes(id);
    exercises[id] = {
      ...EMPTY_PROGRESS,
      hintsRevealed: [],
      code: Object.hasOwn(v1.code, id) ? v1.code[id] : null,
      state: passed ? 'passing' : 'not-started',
      firstPass: passed ? { attempt: null, at: null } : null,
    };
  }
  return { version: PROGRESS_VERSION, exercises };
}

function extraKeys(value: Record<string, unknown>, known: string[], what: string): string[] {
  const extra = Object.keys(value).filter((k) => !known.includes(k));
  if (extra.length === 0) return [];
  return [
    `${capital(what)} has fields this format does not have (${extra.map(quote).join(', ')}); they were left out.`,
  ];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key or value for a message: JSON-quoted and cut short, so a hostile key stays readable. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function capital(what: string): string {
  return what.charAt(0).toUpperCase() + what.slice(1);
}
