import { describe, expect, it } from 'vitest';
import { loadFailure } from './browser-grader.ts';

describe('why learner code did not load, in plain words', () => {
  it('says an endless top-level loop is one, not {"timeout":true}', () => {
    const message = loadFailure(JSON.stringify({ timeout: true }));
    expect(message).toMatch(/endless loop at the top level/);
    expect(message).not.toContain('{');
  });

  it('quotes what the code threw while loading', () => {
    expect(loadFailure(JSON.stringify({ threw: 'ReferenceError: x is not defined' }))).toBe(
      'The code threw while loading: ReferenceError: x is not defined',
    );
  });

  it('names a sandbox that died when there is no answer', () => {
    expect(loadFailure(undefined, 'out-of-memory')).toMatch(/out-of-memory/);
  });
});
