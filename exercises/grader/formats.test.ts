import { describe, expect, it } from 'vitest';
import { csvHeader, csvRow, exercism, gradescope, junit } from './formats.ts';
import type { GradeResult } from './types.ts';

const result: GradeResult = {
  exercise: '01-count-page-views',
  submission: 'ann.ts',
  state: 'failing',
  score: 1,
  maxScore: 5,
  message: '1 of 3 cases pass',
  cases: [
    { name: 'quiet', visibility: 'visible', weight: 1, passed: true },
    {
      name: 'a crash, "after" <write>',
      visibility: 'visible',
      weight: 2,
      passed: false,
      reason: 'over-count',
      message: 'ann viewed 3 pages but was counted 4 times',
      input: { seed: 2 },
      expected: { ann: 3 },
      actual: { ann: 4 },
    },
    { name: 'secret', visibility: 'hidden', weight: 2, passed: false, reason: 'under-count' },
  ],
};

describe('result files', () => {
  it('writes Gradescope results with per-case scores, hidden cases shown after publishing', () => {
    const out = JSON.parse(gradescope(result)) as {
      score: number;
      tests: Record<string, unknown>[];
    };
    expect(out.score).toBe(1);
    expect(out.tests.map((t) => [t.score, t.max_score, t.status, t.visibility])).toEqual([
      [1, 1, 'passed', 'visible'],
      [0, 2, 'failed', 'visible'],
      [0, 2, 'failed', 'after_published'],
    ]);
    expect(out.tests[1]!.output).toContain('expected: {"ann":3}');
    expect(out.tests[2]!.output).toBe('failed (under-count)');
  });

  it('writes Exercism results version 2, with an error status when the code did not run', () => {
    const out = JSON.parse(exercism(result)) as {
      version: number;
      status: string;
      tests: { status: string }[];
    };
    expect(out.version).toBe(2);
    expect(out.status).toBe('fail');
    expect(out.tests.map((t) => t.status)).toEqual(['pass', 'fail', 'fail']);
    const error = JSON.parse(
      exercism({ ...result, state: 'error', message: 'no file', cases: [] }),
    ) as { status: string; message: string };
    expect(error).toMatchObject({ status: 'error', message: 'no file' });
  });

  it('writes JUnit XML with escaped names and one failure per failing case', () => {
    const out = junit(result);
    expect(out).toContain(
      '<testsuite name="01-count-page-views ann.ts" tests="3" failures="2" errors="0">',
    );
    expect(out).toContain('name="a crash, &quot;after&quot; &lt;write&gt;"');
    expect(out.match(/<failure /g)).toHaveLength(2);
    expect(out).not.toContain('"seed"');
  });

  it('writes a gradebook row with the totals and 1/0 per case, quoting commas', () => {
    const names = result.cases.map((c) => c.name);
    expect(csvHeader(names)).toBe(
      'student,exercise,state,score,max_score,message,quiet,"a crash, ""after"" <write>",secret',
    );
    expect(csvRow('ann', result, names)).toBe(
      'ann,01-count-page-views,failing,1,5,1 of 3 cases pass,1,0,0',
    );
  });
});
