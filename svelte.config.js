import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';

/**
 * The workbook site: SvelteKit with the static adapter, every page prerendered into `build/`.
 * Sources live under `site/` (routes, lib, the HTML template); chapters are markdown (mdsvex) in
 * the top-level `chapters/` folder. `smartypants` stays off: it rewrites quotes inside code.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  extensions: ['.svelte', '.md'],
  preprocess: [vitePreprocess(), mdsvex({ extensions: ['.md'], smartypants: false })],
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    files: {
      routes: 'site/routes',
      appTemplate: 'site/app.html',
      lib: 'site/lib',
      assets: 'static',
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
