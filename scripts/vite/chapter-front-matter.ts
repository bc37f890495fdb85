import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const QUERY = '?front-matter';

/**
 * `import.meta.glob('/chapters/*.md', { query: '?front-matter' })`: a chapter's front matter
 * block alone, as a string. The chapter list needs only titles and summaries; importing the whole
 * text (`?raw`) put every chapter's prose into every page that lists them.
 */
export function chapterFrontMatter(): Plugin {
  return {
    name: 'streamworks-chapter-front-matter',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith(QUERY)) return undefined;
      const text = readFileSync(id.slice(0, -QUERY.length), 'utf8');
      const block = /^---\r?\n[\s\S]*?\r?\n---/.exec(text)?.[0] ?? '';
      return `export default ${JSON.stringify(block)};`;
    },
  };
}
