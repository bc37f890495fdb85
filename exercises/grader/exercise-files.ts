import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** The exercises folder of this checkout. */
export const EXERCISES_DIR = fileURLToPath(new URL('..', import.meta.url));

/** An exercise as the grader needs it: its manifest entry, its contract and its cases. */
export interface Exercise {
  readonly entry: ManifestEntry;
  readonly meta: ExerciseMeta;
  readonly dir: string;
  readonly visible: readonly ExerciseCase[];
  readonly hidden: readonly ExerciseCase[];
}

function readJson(path: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`);
  }
}

export function loadManifest(root = EXERCISES_DIR): Manifest {
  return parseOrExplain(
    manifestSchema,
    readJson(join(root, 'manifest.json'), 'manifest.json'),
    'manifest.json',
  );
}

/** Load one exercise by id; errors name the file and the path inside it. */
export function loadExercise(id: string, root = EXERCISES_DIR): Exercise {
  const manifest = loadManifest(root);
  const entry = manifest.exercises.find((e) => e.id === id);
  if (!entry)
    throw new Error(
      `Unknown exercise "${id}"; the manifest lists: ${manifest.exercises.map((e) => e.id).join(', ')}`,
    );
  const dir = join(root, id);
  const file = (name: string) => [join(dir, name), `${id}/${name}`] as const;
  const meta = parseOrExplain(
    metaSchema,
    readJson(...file('.meta/config.json')),
    `${id}/.meta/config.json`,
  );
  const visible = parseOrExplain(
    caseFileSchema,
    readJson(...file('cases.json')),
    `${id}/cases.json`,
  ).cases;
  const hidden = parseOrExplain(
    caseFileSchema,
    readJson(...file('hidden-cases.json')),
    `${id}/hidden-cases.json`,
  ).cases;
  return { entry, meta, dir, visible, hidden };
}
