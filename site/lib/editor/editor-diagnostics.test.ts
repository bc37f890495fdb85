import { describe, expect, it } from 'vitest';
import {
  clampDiagnostics,
  runtimeDiagnostic,
  type EditorDiagnostic,
} from './editor-diagnostics.ts';

const d = (from: number, to: number): EditorDiagnostic => ({
  from,
  to,
  severity: 'error',
  message: 'm',
  source: 'ts(1)',
});

describe('clampDiagnostics', () => {
  it('pulls ranges that point past the end of a shorter text back inside it', () => {
    expect(clampDiagnostics([d(2, 4), d(8, 12), d(20, 30)], 10)).toEqual([
      d(2, 4),
      d(8, 10),
      d(10, 10),
    ]);
  });
});

describe('runtimeDiagnostic', () => {
  const source = 'const a = 1;\n  throw new Error("x");\n\nlast';

  it("covers the learner's line without its indentation", () => {
    const found = runtimeDiagnostic(source, 2, 'Error: x');
    expect(source.slice(found.from, found.to)).toBe('throw new Error("x");');
    expect(found).toMatchObject({ severity: 'error', message: 'Error: x', source: 'runtime' });
  });

  it('handles an empty line, the last line, and a line past the end', () => {
    const empty = source.indexOf('\n\n') + 1;
    expect(runtimeDiagnostic(source, 3, 'e')).toMatchObject({ from: empty, to: empty });
    const last = runtimeDiagnostic(source, 4, 'e');
    expect(source.slice(last.from, last.to)).toBe('last');
    expect(runtimeDiagnostic(source, 9, 'e')).toMatchObject({
      from: source.length,
      to: source.length,
    });
  });
});
