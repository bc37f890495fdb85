import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A speaker runs a talk from any chapter: the speaker window (`w`) shows the scene's notes, so
 * every scene of every chapter has its `<Notes>` (chapters/README.md), inside that scene and with
 * something in it. A scene added without notes fails here, named by its chapter and number.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chapterFiles = readdirSync(join(root, 'chapters')).filter((f) => /^\d.*\.md$/.test(f));

/** Each `<Scene n={…}>` of a chapter's markdown with the text up to its `</Scene>`. */
function scenesOf(markdown: string): { n: number; body: string }[] {
  return [...markdown.matchAll(/<Scene n=\{(\d+)\}[^>]*>([\s\S]*?)<\/Scene>/g)].map((m) => ({
    n: Number(m[1]),
    body: m[2],
  }));
}

/** The notes of a scene's text, or null when it has none. */
function notesOf(body: string): string | null {
  const m = /<Notes>([\s\S]*?)<\/Notes>/.exec(body);
  return m ? m[1].trim() : null;
}

describe('speaker notes', () => {
  it('finds the chapters and their scenes', () => {
    expect(chapterFiles.length).toBeGreaterThanOrEqual(9);
    for (const file of chapterFiles)
      expect(scenesOf(readFileSync(join(root, 'chapters', file), 'utf8')).length).toBeGreaterThan(
        1,
      );
  });

  it.each(chapterFiles)('every scene of %s has notes for the speaker', (file) => {
    const markdown = readFileSync(join(root, 'chapters', file), 'utf8');
    const missing = scenesOf(markdown)
      .filter((s) => !notesOf(s.body))
      .map((s) => `scene ${s.n}`);
    expect(missing, `${file}: scenes without <Notes>`).toEqual([]);
    expect(markdown, `${file} imports Notes.svelte`).toMatch(
      /import Notes from '\.\.\/site\/lib\/chapter\/Notes\.svelte'/,
    );
  });

  it('notices a scene without notes, and notes left empty', () => {
    const scenes = scenesOf(
      '<Scene n={1} title="a">text<Notes>\n\nSay this.\n\n</Notes></Scene>\n<Scene n={2} title="b">text</Scene>\n<Scene n={3} title="c"><Notes> </Notes></Scene>',
    );
    expect(scenes.map((s) => [s.n, notesOf(s.body)])).toEqual([
      [1, 'Say this.'],
      [2, null],
      [3, ''],
    ]);
  });
});
