import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { parseScenario } from '../../simulator/scenario/load.ts';

const INDEX = 'virtual:library-scenarios';
const ONE = 'virtual:library-scenario/';

/** What a page gets of one library scenario: its file text and, when it loads, the loaded form. */
export interface LibraryScenarioModule {
  text: string;
  prepared?: { scenario: unknown; warnings: unknown[] };
}

/**
 * One library scenario as the page receives it, loaded here by the engine's own loader: a chapter
 * hands `prepared` to the simulation worker, which then runs it without the loader and zod. A file
 * that does not load goes as text alone, so the page shows the loader's errors as for any file.
 */
export function libraryScenarioModule(text: string): LibraryScenarioModule {
  const loaded = parseScenario(text);
  return loaded.ok
    ? { text, prepared: { scenario: loaded.scenario, warnings: loaded.warnings } }
    : { text };
}

/**
 * `virtual:library-scenarios`: for each example scenario in `simulator/scenarios/`, by id, a
 * function that imports `virtual:library-scenario/<id>` (a chunk of its own: a chapter page
 * downloads the two or three it shows, not the library).
 */
export function libraryScenarios(root: string): Plugin {
  const folder = join(root, 'simulator/scenarios');
  return {
    name: 'streamworks-library-scenarios',
    resolveId: (source) => (source === INDEX || source.startsWith(ONE) ? `\0${source}` : undefined),
    load(resolved) {
      if (resolved === `\0${INDEX}`) {
        const ids = readdirSync(folder)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.slice(0, -'.json'.length))
          .sort();
        for (const id of ids) this.addWatchFile(join(folder, `${id}.json`));
        const entries = ids.map(
          (id) => `  ${JSON.stringify(id)}: () => import(${JSON.stringify(ONE + id)}),`,
        );
        return `export default {\n${entries.join('\n')}\n};`;
      }
      if (resolved.startsWith(`\0${ONE}`)) {
        const id = resolved.slice(`\0${ONE}`.length);
        const text = readFileSync(join(folder, `${id}.json`), 'utf8');
        return `export default ${JSON.stringify(libraryScenarioModule(text))};`;
      }
      return undefined;
    },
  };
}
