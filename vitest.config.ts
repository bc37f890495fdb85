import { defineConfig } from 'vitest/config';
import { chapterFrontMatter } from './scripts/vite/chapter-front-matter.ts';

export default defineConfig({
  // The site modules tested here import chapters' front matter through it.
  plugins: [chapterFrontMatter()],
  test: {
    // The site's pure modules (layouts, the player, links) are tested in Node like the engine;
    // its pages are tested in a real browser by scripts/e2e.mjs.
    include: [
      'simulator/**/*.test.ts',
      'exercises/**/*.test.ts',
      'scripts/**/*.test.ts',
      'site/lib/**/*.test.ts',
      'chapters/**/*.test.ts',
    ],
    // Property tests run many simulations; a generous ceiling keeps slow CI machines from flaking.
    testTimeout: 120_000,
    pool: 'forks',
  },
});
