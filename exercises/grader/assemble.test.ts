import { describe, expect, it } from 'vitest';
import { assemble, type ChildReport } from './assemble.ts';
import { smallExercise } from './test-helpers.ts';

/** Whatever a sandbox answers, `assemble` turns it into that submission's result: it never throws. */

const exercise = smallExercise([0]);
const limits = { caseTimeoutMs: 500 };
const ok = '{"ok":true}';

function report(load: string | undefined, caseAnswer: string | undefined): ChildReport {
  return { load, probe: ok, cases: [caseAnswer], stderr: '' };
}

describe('assembling a grade from what a sandbox said', () => {
  it.each([
    ['not JSON', '{"seed":1,"outc'],
    ['JSON that is no object', '42'],
    ['an answer without an outcome', '{"seed":1}'],
    [
      'an outcome whose verdict is not a boolean',
      '{"seed":1,"outcome":{"passed":"yes","message":"x"}}',
    ],
    ['an unknown reason', '{"seed":1,"outcome":{"passed":false,"message":"x","reason":"lucky"}}'],
    ['null', 'null'],
  ])('fails the case, saying its answer could not be read, for %s', (_, answer) => {
    const result = assemble(exercise, 'ann', report(ok, answer), limits);
    expect(result.state).toBe('failing');
    expect(result.cases[0]).toMatchObject({
      passed: false,
      reason: 'crashed',
      message: "The sandbox's answer for this case could not be read",
    });
  });

  it('fails the case with the reason the sandbox gave when the case stopped', () => {
    const result = assemble(
      exercise,
      'ann',
      report(ok, '{"threw":"The case stopped: boom"}'),
      limits,
    );
    expect(result.cases[0]).toMatchObject({
      passed: false,
      reason: 'threw',
      message: 'The case stopped: boom',
    });
  });

  it('reports a load answer that cannot be read as a submission that did not load', () => {
    const result = assemble(exercise, 'ann', report('{"ok":tr', undefined), limits);
    expect(result).toMatchObject({ state: 'error', message: 'The submission did not load' });
  });

  it('says when the child was stopped for writing too much', () => {
    const result = assemble(exercise, 'ann', { ...report(ok, undefined), died: 'output' }, limits);
    expect(result.cases[0]!.message).toMatch(/more output than allowed/);
  });
});
