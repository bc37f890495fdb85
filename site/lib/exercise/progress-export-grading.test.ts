import { describe, expect, it } from 'vitest';
import { codeFromProgressExport } from '../../../exercises/grader/progress-export.ts';
import { EMPTY_PROGRESS, emptyProgress, setCode, withProgress } from './progress.ts';
import { exportProgress } from './progress-file.ts';

describe('the file "Export progress" writes', () => {
  it('is read by the grader, which finds the code of the exercise it grades', () => {
    const mine = withProgress(
      emptyProgress(),
      '01-count-page-views',
      setCode(EMPTY_PROGRESS, 'export const mine = 1;'),
    );
    const doc = withProgress(
      mine,
      '03-dual-write',
      setCode(EMPTY_PROGRESS, 'export const other = 3;'),
    );
    const text = exportProgress(doc, '2026-12-01T10:00:00.000Z');
    expect(codeFromProgressExport(text, '01-count-page-views')).toEqual({
      code: 'export const mine = 1;',
    });
    expect(codeFromProgressExport(text, '03-dual-write')).toEqual({
      code: 'export const other = 3;',
    });
  });
});
