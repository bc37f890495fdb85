import { describe, expect, it } from 'vitest';
import { serverlessFaultSchema } from '../../simulator/serverless/schema.ts';
import { faultSchema } from '../../simulator/scenario/schema.ts';
import { faultProblems, parseFaultsWith } from './fault-issues.ts';
import { parseServerlessFaults } from './handler-exercise.ts';

describe('a bad fault schedule is told field by field, in the scenario loader words', () => {
  it('names the fault and the field, says what was expected and what it got', () => {
    const problems = faultProblems(faultSchema, { at: -5, kind: 'crash', target: 'p1' }, 2);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^faults\[2\]\.at: expected .*integer.*, got -5$/);
    expect(problems[0]).not.toMatch(/Too small|"code"|\{/);
  });

  it('names an unknown kind with the kinds there are', () => {
    const [problem] = faultProblems(
      serverlessFaultSchema,
      { at: 10, kind: 'explode', target: 'db' },
      0,
    );
    expect(problem).toMatch(/^faults\[0\]\.kind: expected one of .*dbThrottle.*, got "explode"$/);
  });

  it('throws one error with a line per problem, and parses a good schedule', () => {
    expect(() =>
      parseServerlessFaults([
        { at: 1, kind: 'dbThrottle', target: 'db', count: 1 },
        { at: -1, kind: 'dbThrottle', target: 'db', count: 1, extra: 1 },
      ]),
    ).toThrow(/^faults\[1\]\.at: .*, got -1\nfaults\[1\]\.extra: unknown field "extra"/);
    expect(parseFaultsWith(faultSchema, [{ at: 1, kind: 'crash', target: 'p1' }])).toEqual([
      { at: 1, kind: 'crash', target: 'p1' },
    ]);
  });
});
