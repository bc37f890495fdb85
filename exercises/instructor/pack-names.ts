/**
 * The names of an exercise pack's files, apart from the zip code (`pack.ts`) so that pages which
 * only link to a pack do not carry the compressor.
 */

/** The files of a learner pack, in the order a learner reads them. */
export const LEARNER_FILES = ['instructions.md', 'starter.ts', 'cases.json', 'hints.md'] as const;

/** The file name of a pack: `01-count-page-views-learner.zip`. */
export function packName(id: string, kind: 'learner' | 'full'): string {
  return `${id}-${kind}.zip`;
}
