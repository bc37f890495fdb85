import scenarios from 'virtual:library-scenarios';
import type { PreparedScenario } from './run-prepared.ts';

/** One example scenario as a chapter needs it: the file's text and, if it loads, its loaded form. */
export interface LoadedLibraryScenario {
  text: string;
  prepared?: PreparedScenario;
}

/**
 * The library scenario `id`, fetched when it is needed: a chapter page shows two or three of the
 * library's scenarios, so each is a chunk of its own, loaded when the site was built (see
 * scripts/vite/library-scenarios.ts) so the simulation worker runs it without the loader. The
 * sandbox, which lists them all as text, imports `library.ts`. An unknown id gives empty text
 * (the loader then says why).
 */
export async function loadLibraryScenario(id: string): Promise<LoadedLibraryScenario> {
  const load = Object.hasOwn(scenarios, id) ? scenarios[id] : undefined;
  return load ? (await load()).default : { text: '' };
}
