import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { EXERCISES_DIR, loadManifest } from '../grader/exercise-files.ts';
import { learnerPackFiles, packZip, type PackFile } from './pack.ts';

/**
 * Packs from the exercise folders on disk (the command line's side of `pack.ts`). The full pack
 * is every file of the folder: the reference, the hidden cases and the grading code with it.
 */

function exerciseDir(id: string, root: string): string {
  const entry = loadManifest(root).exercises.find((e) => e.id === id);
  if (!entry) throw new Error(`No exercise named "${id}" in manifest.json`);
  return join(root, id);
}

function readIfFile(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, with paths relative to it, in a stable order. */
function folderFiles(dir: string): PackFile[] {
  const files: PackFile[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        files.push({
          path: relative(dir, path).split(sep).join('/'),
          text: readFileSync(path, 'utf8'),
        });
    }
  };
  walk(dir);
  return files;
}

/** The zip of exercise `id`'s learner or full pack. */
export function packFromDisk(
  id: string,
  kind: 'learner' | 'full',
  root = EXERCISES_DIR,
): Uint8Array {
  const dir = exerciseDir(id, root);
  const title = loadManifest(root).exercises.find((e) => e.id === id)!.title;
  const files =
    kind === 'learner'
      ? learnerPackFiles(id, title, (name) => readIfFile(join(dir, name)))
      : folderFiles(dir);
  return packZip(id, files);
}
