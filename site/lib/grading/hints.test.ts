import { describe, expect, it } from 'vitest';
import { hintsOf, inlineSpans } from './exercises.ts';

describe('hints', () => {
  it('are the items of the numbered list, continuation lines joined', () => {
    const text = '# Hints\n\n1. First, look\n   at `x`.\n2. Second _idea_.\n';
    expect(hintsOf(text)).toEqual(['First, look at `x`.', 'Second _idea_.']);
  });

  it('split inline code and emphasis into spans and keep markup-looking text as text', () => {
    expect(inlineSpans('Use `ctx.db.put` _once_ <b>now</b>')).toEqual([
      { kind: 'text', text: 'Use ' },
      { kind: 'code', text: 'ctx.db.put' },
      { kind: 'text', text: ' ' },
      { kind: 'em', text: 'once' },
      { kind: 'text', text: ' <b>now</b>' },
    ]);
  });

  it('leave snake_case names alone', () => {
    expect(inlineSpans('exactly_once_v2 and at_least_once')).toEqual([
      { kind: 'text', text: 'exactly_once_v2 and at_least_once' },
    ]);
  });
});
