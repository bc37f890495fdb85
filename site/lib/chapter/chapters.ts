/**
 * The chapters: every markdown file in `chapters/` whose name starts with a digit, by number. Only front matter is
 * read here (eagerly, it is small); a chapter's body loads with its page.
 */
const metadata = import.meta.glob('/chapters/[0-9]*.md', { eager: true, import: 'metadata' }) as Record<
  string,
  Record<string, unknown> | undefined
>;

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

export const chapters: readonly ChapterInfo[] = Object.keys(metadata)
  .map((path) => {
    const meta = metadata[path] ?? {};
    const slug = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '');
    return {
      slug,
      number: Number(meta.number ?? parseInt(slug, 10)),
      title: String(meta.title ?? slug),
      summary: String(meta.summary ?? ''),
    };
  })
  .sort((a, b) => a.number - b.number || (a.slug < b.slug ? -1 : 1));
