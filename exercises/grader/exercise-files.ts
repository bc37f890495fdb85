import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../schema.ts';
import { exerciseFrom, manifestFrom, type Exercise } from './exercise-data.ts';

export type { Exercise } from './exercise-data.ts';

/** The exercises folder of this checkout. */
export const EXERCISES_DIR = fileURLToPath(new URL('..', import.meta.url));

function readJson(path: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`);
  }
}

export function loadManifest(root = EXERCISES_DIR): Manifest {
  return manifestFrom(readJson(join(root, 'manifest.json'), 'manifest.json'));
}

/** Load one exercise by id from disk; errors name the file and the path inside it. */
export function loadExercise(id: string, root = EXERCISES_DIR): Exercise {
  const dir = join(root, id);
  return exerciseFrom(loadManifest(root), id, dir, (name) =>
    readJson(join(dir, name), `${id}/${name}`),
  );
}
