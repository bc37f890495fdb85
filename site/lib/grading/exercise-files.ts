import {
  LEARNER_FILES,
  learnerPackFiles,
  packName,
  packZip,
} from '../../../exercises/instructor/pack.ts';
import { exerciseEntries } from './exercises.ts';

/**
 * The files a learner may download, as the build writes them: each learner file of an exercise
 * (its text exactly as in the repository) and the learner pack. Only the prerendered download
 * route imports this module, so these texts never ride along in a page's code.
 */

// Vite reads glob patterns as literals: the list is `LEARNER_FILES`, written out.
const raw = import.meta.glob(
  [
    '/exercises/*/instructions.md',
    '/exercises/*/starter.ts',
    '/exercises/*/cases.json',
    '/exercises/*/hints.md',
  ],
  { eager: true, query: '?raw', import: 'default' },
) as Record<string, string>;

const read = (id: string) => (name: string) => raw[`/exercises/${id}/${name}`];

/** Every downloadable file name of exercise `id`: its learner files, then its pack. */
export function downloadNames(id: string): string[] {
  return [...LEARNER_FILES.filter((name) => read(id)(name) !== undefined), packName(id, 'learner')];
}

/** The bytes of download `name` of exercise `id`, or undefined when there is none. */
export function download(id: string, name: string): string | Uint8Array | undefined {
  const entry = exerciseEntries.find((e) => e.id === id);
  if (!entry) return undefined;
  if (name === packName(id, 'learner'))
    return packZip(id, learnerPackFiles(id, entry.title, read(id)));
  return (LEARNER_FILES as readonly string[]).includes(name) ? read(id)(name) : undefined;
}
