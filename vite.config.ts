import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { sandboxBundleText } from './exercises/grader/bundle.ts';
import { chapterFrontMatter } from './scripts/vite/chapter-front-matter.ts';
import { precacheList } from './scripts/vite/precache-list.ts';
import { libraryScenarios } from './scripts/vite/library-scenarios.ts';

/**
 * `virtual:grader-sandbox`: the simulator-and-grader script as a string, built by the same
 * function the command-line grader uses, so a submission graded in the page meets the very same
 * code as on an instructor's machine. Imported lazily by the exercise pages only.
 */
function graderSandbox(): Plugin {
  const id = 'virtual:grader-sandbox';
  return {
    name: 'streamworks-grader-sandbox',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) =>
      resolved === `\0${id}` ? `export default ${JSON.stringify(sandboxBundleText())};` : undefined,
  };
}

// The site's build. Tests are configured in vitest.config.ts (vitest prefers that file).
export default defineConfig({
  plugins: [
    graderSandbox(),
    chapterFrontMatter(),
    precacheList(),
    libraryScenarios(import.meta.dirname),
    sveltekit(),
  ],
  worker: { format: 'es' },
  server: { fs: { allow: ['chapters', 'simulator', 'exercises'] } },
});
