import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';

/**
 * Code blocks in chapters and exercise texts, as plain escaped text. mdsvex's default highlighter
 * loads Prism's language files, which fail to load in this build ("failed to load language") and
 * fall back to plain text anyway; the site styles no tokens, so plain text is what shows either way.
 * Svelte's own syntax (`{`, `}`, backtick) is escaped too, or the block would be read as markup.
 * @param {string} code
 * @param {string | undefined} lang
 */
function plainCodeBlock(code, lang) {
  const escaped = code
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[{}`]/g, (c) => ({ '{': '&#123;', '}': '&#125;', '`': '&#96;' })[c] ?? c)
    .replace(/\\([trn])/g, '&#92;$1');
  const language = lang ? ` class="language-${lang.replace(/[^\w-]/g, '')}"` : '';
  // tabindex: a block wider than a phone scrolls, and a keyboard must reach what scrolls.
  return `<pre${language} tabindex="0"><code${language}>${escaped}</code></pre>`;
}

/**
 * The workbook site: SvelteKit with the static adapter, every page prerendered into `build/`.
 * Sources live under `site/` (routes, lib, the HTML template); chapters are markdown (mdsvex) in
 * the top-level `chapters/` folder. `smartypants` stays off: it rewrites quotes inside code.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  extensions: ['.svelte', '.md'],
  preprocess: [
    vitePreprocess(),
    mdsvex({ extensions: ['.md'], smartypants: false, highlight: { highlighter: plainCodeBlock } }),
  ],
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    files: {
      routes: 'site/routes',
      appTemplate: 'site/app.html',
      lib: 'site/lib',
      assets: 'static',
      serviceWorker: 'site/service-worker',
    },
    prerender: { entries: ['*'], handleHttpError: 'fail', handleMissingId: 'fail' },
    typescript: {
      // Kit's generated tsconfig only covers site/routes and site/lib; the chapters and the
      // site's ambient declarations must be seen by svelte-check too.
      config(tsconfig) {
        tsconfig.include.push('../site/*.d.ts', '../chapters/**/*.ts');
        tsconfig.compilerOptions.allowImportingTsExtensions = true;
        return tsconfig;
      },
    },
  },
};

export default config;
