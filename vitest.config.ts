import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['simulator/**/*.test.ts', 'exercises/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Property tests run many simulations; a generous ceiling keeps slow CI machines from flaking.
    testTimeout: 120_000,
    pool: 'forks',
  },
});
