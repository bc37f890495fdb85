import type { Manifest } from '../../../exercises/schema.ts';

/**
 * Which exercises go with which chapter: the exercise manifest's `chapter` field read the other
 * way round, so the chapter list and a chapter's page can name their exercises. Only the manifest
 * is read (not the exercises' cases or texts), and not parsed again with its schema (the
 * exercises' schema test and `npm run grade -- --check` validate it), so a page that lists
 * chapters stays small.
 */
const manifestFile = import.meta.glob('/exercises/manifest.json', {
  eager: true,
  import: 'default',
});
const manifest = manifestFile['/exercises/manifest.json'] as Manifest;

/** One exercise as a chapter names it. */
export interface ChapterExercise {
  /** Its id (the folder and the URL segment under /exercises/). */
  id: string;
  /** Its title. */
  title: string;
}

/** The exercises whose manifest entry names this chapter (by slug), in the manifest's order. */
export function exercisesOfChapter(slug: string): ChapterExercise[] {
  return manifest.exercises
    .filter((e) => e.chapter === `/chapters/${slug}`)
    .map((e) => ({ id: e.id, title: e.title }));
}
