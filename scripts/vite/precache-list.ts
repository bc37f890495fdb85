import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** Where the list is written, under the client output (and so under `build/`). */
export const PRECACHE_LIST = '_app/precache.json';

/**
 * Writes `_app/precache.json`: every file the client build emitted under `_app/immutable/`,
 * workers and their chunks included. SvelteKit's `$service-worker` `build` list comes from Vite's
 * manifest, which leaves out what `?worker` imports emit (the simulation, the comparison and the
 * type-checking workers), so a page that needs one would fail offline. The service worker reads
 * this list when it installs; being read at run time, it need not exist before the worker builds.
 */
export function precacheList(): Plugin {
  return {
    name: 'streamworks-precache-list',
    apply: 'build',
    writeBundle(options, bundle) {
      if (this.environment.name !== 'client' || !options.dir) return;
      const files = Object.keys(bundle)
        .filter((f) => f.startsWith('_app/immutable/'))
        .sort();
      writeFileSync(join(options.dir, PRECACHE_LIST), JSON.stringify(files));
    },
  };
}
