import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXERCISES_DIR, loadExercise, type Exercise } from './exercise-files.ts';
import type { SandboxLimits } from './run-submission.ts';

/** Helpers for the grader's tests: small exercises (few cases: each child costs a second) and tight limits. */

export const PAGE_VIEWS = '01-count-page-views';

/** The page-views exercise with only the cases picked by index (visible, hidden). */
export function smallExercise(visible: number[], hidden: number[] = []): Exercise {
  const full = loadExercise(PAGE_VIEWS);
  return {
    ...full,
    visible: visible.map((i) => full.visible[i]!),
    hidden: hidden.map((i) => full.hidden[i]!),
  };
}

/** Limits that keep the test of an endless loop or a memory bomb short. */
export const TEST_LIMITS: SandboxLimits = { caseTimeoutMs: 500, heapMb: 64, wallClockMs: 20_000 };

/** Limits so wide that a loaded machine (shared cores) cannot turn a slow case into a timeout. */
export const ROOMY_LIMITS: SandboxLimits = {
  caseTimeoutMs: 30_000,
  heapMb: 192,
  wallClockMs: 90_000,
};

/** The text of a file under exercises/. */
export function source(path: string): string {
  return readFileSync(join(EXERCISES_DIR, path), 'utf8');
}
