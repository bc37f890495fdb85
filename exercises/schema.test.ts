import { describe, expect, it } from 'vitest';
import { loadExercise, loadManifest } from './grader/exercise-files.ts';
import { caseFileSchema, issuePath, manifestSchema, metaSchema, parseOrExplain } from './schema.ts';

describe('the exercise format', () => {
  it('reads the manifest and every exercise it lists', () => {
    const manifest = loadManifest();
    for (const entry of manifest.exercises) {
      const exercise = loadExercise(entry.id);
      expect(exercise.visible.length + exercise.hidden.length).toBeGreaterThan(0);
    }
  });

  it('names the path of each problem in a case file', () => {
    const bad = {
      cases: [
        { name: 'ok', weight: 1, seeds: [1], workload: {} },
        { name: '', weight: -1, seeds: [], workload: {}, faults: [{ at: -5, kind: 'x' }] },
      ],
    };
    let message = '';
    try {
      parseOrExplain(caseFileSchema, bad, 'cases.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('cases.json: cases[1].name:');
    expect(message).toContain('cases.json: cases[1].weight:');
    expect(message).toContain('cases.json: cases[1].seeds:');
    expect(message).toContain('cases.json: cases[1].faults[0].at:');
    expect(message).not.toContain('cases[0]');
  });

  it('refuses an exercise id that is not numbered kebab-case, naming where', () => {
    const manifest = {
      version: 1,
      exercises: [{ id: 'Count', title: 't', chapter: '/chapters/x' }],
    };
    expect(() => parseOrExplain(manifestSchema, manifest, 'manifest.json')).toThrow(
      /manifest\.json: exercises\[0\]\.id:/,
    );
  });

  it('knows two kinds of exercise, a function handler and a topology, and names a third as wrong', () => {
    const meta = (kind: string) => ({
      authors: ['a'],
      files: { solution: ['starter.ts'], exemplar: ['reference.ts'], test: ['cases.json'] },
      blurb: 'b',
      kind,
      export: 'f',
    });
    expect(metaSchema.parse(meta('handler')).kind).toBe('handler');
    expect(metaSchema.parse(meta('topology')).kind).toBe('topology');
    expect(() => parseOrExplain(metaSchema, meta('processor'), '.meta/config.json')).toThrow(
      /\.meta\/config\.json: kind:/,
    );
    expect(loadExercise('02-join-orders-payments').meta.kind).toBe('topology');
  });

  it('writes paths as a reader would type them', () => {
    expect(issuePath(['cases', 2, 'faults', 0, 'at'])).toBe('cases[2].faults[0].at');
    expect(issuePath([])).toBe('(root)');
  });

  it('says which exercise ids the manifest has when asked for another', () => {
    expect(() => loadExercise('99-nope')).toThrow(
      /Unknown exercise "99-nope"; the manifest lists: 01-count-page-views/,
    );
  });
});
