import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const QUERY = '?front-matter';
const PREFIX = '\0chapter-front-matter:';
const SUFFIX = '.front-matter.js';

/**
 * `import.meta.glob('/chapters/*.md', { query: '?front-matter' })`: a chapter's front matter
 * block alone, as a string. The chapter list needs only titles and summaries; importing the whole
 * text (`?raw`) put every chapter's prose into every page that lists them.
 *
 * The module's id ends in `.js`, not `.md?…`: `.md` is a Svelte extension here (mdsvex), and the
 * Svelte plugin claims every id that ends in one, with or without a query or a `\0`. It compiled
 * this string module again as a component, so every chapter's title and summary read empty.
 */
export function chapterFrontMatter(): Plugin {
  return {
    name: 'streamworks-chapter-front-matter',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith(QUERY)) return undefined;
      const file = await this.resolve(source.slice(0, -QUERY.length), importer, { skipSelf: true });
      return file ? PREFIX + file.id + SUFFIX : undefined;
    },
    load(id) {
      if (!id.startsWith(PREFIX) || !id.endsWith(SUFFIX)) return undefined;
      const text = readFileSync(id.slice(PREFIX.length, -SUFFIX.length), 'utf8');
      const block = /^---\r?\n[\s\S]*?\r?\n---/.exec(text)?.[0] ?? '';
      return `export default ${JSON.stringify(block)};`;
    },
  };
}
