import { frontMatter } from './front-matter.ts';

/**
 * The chapters: every markdown file in `chapters/` whose name starts with a digit, by number. The
 * list reads only each file's front matter block (`?front-matter`, a Vite plugin in
 * `scripts/vite/`), so pages that list chapters carry neither a chapter's text nor its component,
 * its live views or the simulator.
 */
const texts = import.meta.glob('/chapters/[0-9]*.md', {
  eager: true,
  query: '?front-matter',
  import: 'default',
}) as Record<string, string>;

/** One chapter in the list. */
export interface ChapterInfo {
  /** URL segment: the file name without `.md` (`05-crash-in-the-middle`). */
  slug: string;
  /** Its number in the arc of the workbook. */
  number: number;
  /** Title from the front matter. */
  title: string;
  /** One-sentence summary from the front matter. */
  summary: string;
}

export const chapters: readonly ChapterInfo[] = Object.keys(texts)
  .map((path) => {
    const meta = frontMatter(texts[path]);
    const slug = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '');
    return {
      slug,
      number: Number(meta.number ?? parseInt(slug, 10)),
      title: meta.title ?? slug,
      summary: meta.summary ?? '',
    };
  })
  .sort((a, b) => a.number - b.number || (a.slug < b.slug ? -1 : 1));
