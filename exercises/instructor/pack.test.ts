import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES_DIR } from '../grader/exercise-files.ts';
import { packFromDisk } from './pack-files.ts';

const ID = '01-count-page-views';
const inPack = (zip: Uint8Array) => unzipSync(zip);

describe('exercise packs', () => {
  it("gives learners the instructions, starter, visible cases and hints, and none of the grader's secrets", () => {
    const files = inPack(packFromDisk(ID, 'learner'));
    expect(Object.keys(files).sort()).toEqual(
      ['README.md', 'cases.json', 'hints.md', 'instructions.md', 'starter.ts'].map(
        (f) => `exercises/${ID}/${f}`,
      ),
    );
    expect(strFromU8(files[`exercises/${ID}/starter.ts`]!)).toBe(
      readFileSync(join(EXERCISES_DIR, ID, 'starter.ts'), 'utf8'),
    );
    const everything = Object.values(files)
      .map((f) => strFromU8(f))
      .join('\n');
    const hidden = JSON.parse(
      readFileSync(join(EXERCISES_DIR, ID, 'hidden-cases.json'), 'utf8'),
    ) as {
      cases: { name: string }[];
    };
    for (const c of hidden.cases) expect(everything).not.toContain(c.name);
  });

  it('gives instructors the whole folder: reference, hidden cases and grading code', () => {
    const names = Object.keys(inPack(packFromDisk(ID, 'full')));
    for (const f of [
      'reference.ts',
      'hidden-cases.json',
      'grading.ts',
      '.meta/config.json',
      'starter.ts',
    ])
      expect(names).toContain(`exercises/${ID}/${f}`);
  });

  it('is the same zip, byte for byte, every time it is made', () => {
    expect(packFromDisk(ID, 'learner')).toEqual(packFromDisk(ID, 'learner'));
  });

  it('names an unknown exercise', () => {
    expect(() => packFromDisk('99-nothing', 'learner')).toThrow(/No exercise named "99-nothing"/);
  });
});
