/**
 * The scenario library: the engine's example scenarios, as file text (so the loader reports
 * errors by line and a link can name a scenario by id instead of carrying it).
 */
const files = import.meta.glob('/simulator/scenarios/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** One example scenario. */
export interface LibraryScenario {
  /** Its id: the file name without `.json`. */
  id: string;
  /** The file's text. */
  text: string;
  /** Its `description`, for the picker. */
  description: string;
}

/** Every example scenario, by id in file-name order. */
export const library: readonly LibraryScenario[] = Object.keys(files)
  .sort()
  .map((path) => {
    const text = files[path];
    const id = path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/, '');
    let description = '';
    try {
      const parsed = JSON.parse(text) as { description?: unknown };
      if (typeof parsed.description === 'string') description = parsed.description;
    } catch {
      // A broken example shows its errors when it is run; the picker still lists it.
    }
    return { id, text, description };
  });

/** The library scenario with this id, if there is one. */
export function libraryScenario(id: string): LibraryScenario | undefined {
  return library.find((s) => s.id === id);
}
