import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// The site's build. Tests are configured in vitest.config.ts (vitest prefers that file).
export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  server: { fs: { allow: ['chapters', 'simulator'] } },
});
