import { describe, expect, it } from 'vitest';
import { frontMatter } from './front-matter.ts';
import { chapters } from './chapters.ts';

describe('chapter front matter', () => {
  it('reads bare, single-quoted and double-quoted one-line values', () => {
    const text =
      '---\ntitle: \'It\'\'s a crash: twice\'\nnumber: 5\nsummary: "A \\"loop\\""\n---\n\n# Body\ntitle: not this';
    expect(frontMatter(text)).toEqual({
      title: "It's a crash: twice",
      number: '5',
      summary: 'A "loop"',
    });
  });

  it('gives nothing for a file without front matter', () => {
    expect(frontMatter('# Just a heading\n')).toEqual({});
  });

  it('lists the chapters by number with their titles', () => {
    const five = chapters.find((c) => c.slug === '05-crash-in-the-middle');
    expect(five).toMatchObject({
      number: 5,
      title: 'A crash in the middle: at-least-once, exactly-once',
    });
    expect(chapters.map((c) => c.number)).toEqual(
      [...chapters.map((c) => c.number)].sort((a, b) => a - b),
    );
  });
});
