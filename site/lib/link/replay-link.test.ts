import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import {
  decodeReplay,
  encodeReplay,
  MAX_REPLAY_CODE_CHARS,
  type ReplayState,
} from './replay-link.ts';

const state: ReplayState = {
  v: 1,
  exercise: '01-count-page-views',
  caseName: 'counts every view once when invocations crash after a write',
  code: 'export function* countPageViews(event, ctx) { /* </script><b>x</b> */ }',
  workload: { views: 12, users: ['ann', 'bob'] },
  faults: [
    { at: 300, kind: 'invocationCrash', target: 'counter', point: 'afterDbWriteBeforeEmit' },
  ],
  seed: 2,
  index: null,
  view: 'serverless',
};

const encode = (value: unknown) =>
  '#r=' + LZString.compressToEncodedURIComponent(JSON.stringify(value));

describe('replay links', () => {
  it('read back exactly the case, code and playhead they were made from', () => {
    expect(decodeReplay(encodeReplay(state))).toEqual({ ok: true, state });
  });

  it('say a cut-short replay link is damaged', () => {
    const link = encodeReplay(state);
    const read = decodeReplay(link.slice(0, link.length - 20));
    expect(read.ok).toBe(false);
  });

  it('refuse code longer than the limit, naming the field', () => {
    const read = decodeReplay(encode({ ...state, code: 'x'.repeat(MAX_REPLAY_CODE_CHARS + 1) }));
    expect(read).toEqual({ ok: false, message: expect.stringContaining('/code') });
  });

  it('refuse an exercise id that is not a plain exercise name', () => {
    const read = decodeReplay(encode({ ...state, exercise: '../01-count-page-views' }));
    expect(read).toEqual({ ok: false, message: expect.stringContaining('/exercise') });
  });

  it('refuse unknown fields and a fragment of another kind', () => {
    expect(decodeReplay(encode({ ...state, run: 'alert(1)' })).ok).toBe(false);
    expect(decodeReplay('#s=abc').ok).toBe(false);
  });
});
