import { describe, expect, it } from 'vitest';
import { loadExercise } from '../grader/exercise-files.ts';
import type { Json } from '../../simulator/core/types.ts';
import type { CaseResult, GradeResult } from '../grader/types.ts';
import { classReport, type ReportEntry } from './report-data.ts';
import { reportHtml } from './report-html.ts';

const exercise = loadExercise('01-count-page-views');
const all = [...exercise.visible, ...exercise.hidden];
const SITE = 'https://teach.example/streamworks/';

/** A grade where the cases at `failing` indices fail with `reason`. */
function graded(failing: number[], reason: CaseResult['reason'] = 'over-count'): GradeResult {
  const cases: CaseResult[] = all.map((c, i) => ({
    name: c.name,
    visibility: i < exercise.visible.length ? 'visible' : 'hidden',
    weight: c.weight,
    passed: !failing.includes(i),
    ...(failing.includes(i)
      ? {
          reason,
          message: 'counted 7 times',
          input: { seed: c.seeds[0]!, workload: c.workload, faults: c.faults as Json[] },
        }
      : {}),
  }));
  const score = cases.filter((c) => c.passed).reduce((n, c) => n + c.weight, 0);
  const maxScore = cases.reduce((n, c) => n + c.weight, 0);
  return {
    exercise: exercise.entry.id,
    submission: 'x.ts',
    state: failing.length === 0 ? 'passing' : 'failing',
    score,
    maxScore,
    message: `${score} points`,
    cases,
  };
}

const didNotRun = (message: string): GradeResult => ({
  exercise: exercise.entry.id,
  submission: 'x.ts',
  state: 'error',
  score: 0,
  maxScore: 10,
  message,
  cases: [],
});

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_MESSAGE = 'The submission threw while loading: Error: </td><script>alert(2)</script>';

const entries: ReportEntry[] = [
  { student: 'ann', result: graded([]), source: 'export const ok = 1;' },
  { student: 'bob', result: graded([1, 3]), source: 'export const bob = 2;' },
  { student: HOSTILE_NAME, result: graded([1]), source: 'export const x = "</a><script>";' },
  { student: 'eve', result: didNotRun(HOSTILE_MESSAGE) },
];

describe('the class report', () => {
  const report = classReport(exercise, entries, SITE);

  it('counts the students at each score, from 0 to the most points', () => {
    expect(report.histogram).toHaveLength(report.maxScore + 1);
    expect(report.histogram.reduce((n, b) => n + b.students, 0)).toBe(entries.length);
    expect(report.histogram[0]!.students).toBe(1);
    expect(report.histogram[report.maxScore]!.students).toBe(1);
  });

  it("gives each case's pass rate over the whole class, a submission that did not run passing none", () => {
    expect(report.cases[0]).toMatchObject({ passed: 3, students: 4 });
    expect(report.cases[1]).toMatchObject({ passed: 1, students: 4 });
  });

  it('puts the most common failure first', () => {
    expect(report.failures[0]).toEqual({ what: `over-count in "${all[1]!.name}"`, students: 2 });
    expect(report.failures.map((f) => f.what)).toContain(`did not run: ${HOSTILE_MESSAGE}`);
  });

  it('links each failing student to the replay of their first failing visible case, on the given site', () => {
    const bob = report.students.find((s) => s.student === 'bob')!;
    expect(bob.replay?.caseName).toBe(all[1]!.name);
    expect(bob.replay?.href).toMatch(/^https:\/\/teach\.example\/streamworks\/sandbox\/#r=/);
    expect(report.students.find((s) => s.student === 'ann')!.replay).toBeNull();
    expect(report.students.find((s) => s.student === 'eve')!.replay).toBeNull();
  });

  it('escapes every name and message, and carries no script', () => {
    const html = reportHtml(report);
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain("default-src 'none'; style-src 'unsafe-inline'");
  });
});
