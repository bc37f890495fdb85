import {
  caseFileSchema,
  manifestSchema,
  metaSchema,
  parseOrExplain,
  type ExerciseCase,
  type ExerciseMeta,
  type Manifest,
  type ManifestEntry,
} from '../schema.ts';

/**
 * An exercise from its files' parsed JSON, without reading anything itself: the command line
 * reads the files from disk and the site from its build (`import.meta.glob`), and both go through
 * these functions, so they grade against the very same cases.
 */

/** An exercise as the grader needs it: its manifest entry, its contract and its cases. */
export interface Exercise {
  readonly entry: ManifestEntry;
  readonly meta: ExerciseMeta;
  /** Where its files are: an absolute folder on the command line, `exercises/<id>` in the site. */
  readonly dir: string;
  readonly visible: readonly ExerciseCase[];
  readonly hidden: readonly ExerciseCase[];
}

/** Reads one JSON file of an exercise folder (`cases.json`, `.meta/config.json`) as parsed data. */
export type ReadExerciseJson = (name: string) => unknown;

export function manifestFrom(data: unknown): Manifest {
  return parseOrExplain(manifestSchema, data, 'manifest.json');
}

/** The exercise `id` of `manifest`; errors name the file and the path inside it. */
export function exerciseFrom(
  manifest: Manifest,
  id: string,
  dir: string,
  read: ReadExerciseJson,
): Exercise {
  const entry = manifest.exercises.find((e) => e.id === id);
  if (!entry)
    throw new Error(
      `Unknown exercise "${id}"; the manifest lists: ${manifest.exercises.map((e) => e.id).join(', ')}`,
    );
  const parse = <T extends Parameters<typeof parseOrExplain>[0]>(schema: T, name: string) =>
    parseOrExplain(schema, read(name), `${id}/${name}`);
  const meta = parse(metaSchema, '.meta/config.json') as ExerciseMeta;
  const visible = (parse(caseFileSchema, 'cases.json') as { cases: ExerciseCase[] }).cases;
  const hidden = (parse(caseFileSchema, 'hidden-cases.json') as { cases: ExerciseCase[] }).cases;
  return { entry, meta, dir, visible, hidden };
}

/** The same exercise with only its visible cases: what the page's "Run tests" runs. */
export function visibleOnly(exercise: Exercise): Exercise {
  return { ...exercise, hidden: [] };
}
