import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prng } from '../../simulator/core/prng.ts';
import type { Json } from '../../simulator/core/types.ts';
import { countPageViewsGrader } from '../../exercises/01-count-page-views/grading.ts';
import * as reference from '../../exercises/01-count-page-views/reference.ts';
import { EXERCISES_DIR, loadExercise } from '../../exercises/grader/exercise-files.ts';
import { gradeSourceSync } from '../../exercises/grader/grade.ts';
import type { ExerciseCase } from '../../exercises/schema.ts';
import type { BenchCase } from '../bench.ts';

/**
 * The grader's speed (issue 6 §7): one submission against 1,000 seeded fault schedules in its
 * sandboxed process (target ≤ 10 s), the same runs in-process without a sandbox (for comparison),
 * and a class of 100 submissions graded by `npm run grade -- --jobs 2` (target ≤ 2 min).
 */

const SCHEDULES = 1000;
const STUDENTS = 100;
const EXERCISE = '01-count-page-views';
const root = fileURLToPath(new URL('../..', import.meta.url));

/** 1,000 fault schedules of 1–3 faults drawn from every serverless fault kind, each with its own seed. */
function schedules(): ExerciseCase[] {
  const prng = new Prng(6);
  const points = ['beforeDbWrite', 'afterDbWriteBeforeEmit', 'afterEmitBeforeSuccess'];
  const fault = (): Json => {
    const at = prng.int(1500);
    switch (prng.int(4)) {
      case 0:
        return {
          at,
          kind: 'invocationCrash',
          target: 'counter',
          point: points[prng.int(3)]!,
          count: 1 + prng.int(2),
        };
      case 1:
        return { at, kind: 'instanceCrash', target: 'counter' };
      case 2:
        return { at, kind: 'dbLostReply', target: 'db', count: 1 + prng.int(2) };
      default:
        return { at, kind: 'dbThrottle', target: 'db', count: 1 + prng.int(3) };
    }
  };
  return Array.from({ length: SCHEDULES }, (_, i) => ({
    name: `schedule ${i}`,
    weight: 1,
    seeds: [i + 1],
    workload: { views: 12 },
    faults: Array.from({ length: 1 + prng.int(3) }, fault) as ExerciseCase['faults'],
  }));
}

function seconds(body: () => void): number {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const sandboxed: BenchCase = {
  name: 'grade: 1,000 fault schedules, one submission, sandboxed',
  run() {
    const exercise = { ...loadExercise(EXERCISE), visible: [], hidden: schedules() };
    const source = readFileSync(join(EXERCISES_DIR, EXERCISE, 'reference.ts'), 'utf8');
    let passed = 0;
    const value = seconds(() => {
      const result = gradeSourceSync(exercise, source, 'reference.ts', {
        caseTimeoutMs: 4000,
        heapMb: 256,
        wallClockMs: 120_000,
      });
      passed = result.cases.filter((c) => c.passed).length;
    });
    if (passed !== SCHEDULES)
      throw new Error(`the reference passed ${passed} of ${SCHEDULES} schedules`);
    return { value, unit: 's', target: 10 };
  },
};

const inProcess: BenchCase = {
  name: 'grade: 1,000 fault schedules, in-process (no sandbox, for comparison)',
  run() {
    const cases = schedules();
    const value = seconds(() => {
      for (const c of cases)
        countPageViewsGrader.run(
          reference.countPageViews,
          c.workload,
          c.faults as Json[],
          c.seeds[0]!,
        );
    });
    return { value, unit: 's' };
  },
};

const classOf100: BenchCase = {
  name: 'grade: 100 submissions, npm run grade --jobs 2',
  run() {
    const dir = mkdtempSync(join(tmpdir(), 'grade-bench-'));
    const designs = ['reference.ts', 'fixtures/naive.ts', 'fixtures/two-step.ts', 'starter.ts'];
    const files = Array.from({ length: STUDENTS }, (_, i) => {
      const file = join(dir, `student-${String(i).padStart(3, '0')}.ts`);
      cpSync(join(EXERCISES_DIR, EXERCISE, designs[i % designs.length]!), file);
      return file;
    });
    let status: number | null = null;
    const value = seconds(() => {
      status = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'exercises/cli/grade.ts'),
          EXERCISE,
          ...files,
          '--jobs',
          '2',
          '--out',
          join(dir, 'out'),
        ],
        { cwd: root, stdio: 'ignore' },
      ).status;
    });
    rmSync(dir, { recursive: true, force: true });
    if (status !== 0) throw new Error(`npm run grade exited ${String(status)}`);
    return { value, unit: 's', target: 120 };
  },
};

export default [sandboxed, inProcess, classOf100];
