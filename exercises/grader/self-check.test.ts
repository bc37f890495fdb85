import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeBatch } from './batch.ts';
import { EXERCISES_DIR } from './exercise-files.ts';
import { SandboxBrokenError } from './self-check.ts';
import { ROOMY_LIMITS, smallExercise } from './test-helpers.ts';

/** A sandbox that cannot start stops the batch with a clear error instead of grading everyone "crashed". */

const naive = join(EXERCISES_DIR, '01-count-page-views', 'fixtures', 'naive.ts');

describe("the grader's check of its own sandbox", () => {
  it('stops the batch, saying why, when the reference cannot be graded (a child that cannot boot)', async () => {
    // A 1 MB heap is too small for Node to start: the child dies before grading anything.
    const broken = { ...ROOMY_LIMITS, heapMb: 1 };
    const batch = gradeBatch(smallExercise([0]), [naive], { jobs: 1, limits: broken });
    await expect(batch).rejects.toThrow(SandboxBrokenError);
    await expect(batch).rejects.toThrow(
      /own sandbox does not work: the exercise's reference solution graded "error/,
    );
  });

  it('grades the class when the reference passes', async () => {
    const entries = await gradeBatch(smallExercise([0]), [naive], {
      jobs: 1,
      limits: ROOMY_LIMITS,
    });
    expect(entries.map((e) => [e.student, e.result.state])).toEqual([['naive', 'passing']]);
  });
});
