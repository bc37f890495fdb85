import { build } from 'esbuild';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePrebuiltGrader } from '../grader/bundle.ts';
import { EXERCISES_DIR, loadExercise, loadManifest } from '../grader/exercise-files.ts';
import { platformFiles, type Platform } from './autograder-platforms.ts';

/**
 * Autograder packages: one zip a grading platform takes, holding a grader that needs nothing but
 * Node 20 (the command line, the sandbox and the exercise's cases, bundled ahead of time) and the
 * platform's own entry scripts (`autograder-platforms.ts` says what each platform expects).
 */

export { PLATFORMS, type Platform } from './autograder-platforms.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** A zip entry that unpacks as an executable file (Unix mode 755). */
const EXECUTABLE = { os: 3, attrs: (0o100755 << 16) >>> 0 };
const PACKAGE_DATE = new Date('2026-01-01T00:00:00Z');

/** The command line and its grader bundled into one Node ESM file that needs no node_modules. */
async function autogradeScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'autograde-main.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    // TypeScript (the transpiler) is CommonJS and requires Node's modules.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __toPath } from 'node:url';",
        'const require = __createRequire(import.meta.url);',
        'const __filename = __toPath(import.meta.url);',
        "const __dirname = __toPath(new URL('.', import.meta.url));",
      ].join('\n'),
    },
    plugins: [
      {
        // The package carries the grader's scripts prebuilt; esbuild itself stays behind.
        name: 'no-esbuild',
        setup(b) {
          b.onResolve({ filter: /^esbuild$/ }, () => ({ path: 'esbuild', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents:
              "export function buildSync() { throw new Error('this package grades with prebuilt scripts'); }",
            loader: 'js',
          }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

/**
 * The files of exercise `id` that the grader reads: its contract, both case files, and the
 * reference, which the grader grades first to prove its sandbox works on the platform's machine
 * (`self-check.ts`). Learner code cannot read it: its process may read only the grader's scripts.
 */
function exerciseFiles(id: string, root: string): Zippable {
  const exercise = loadExercise(id, root);
  const manifest = { version: 1, exercises: [exercise.entry] };
  const files: Zippable = {
    'exercises/manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  const read = [
    '.meta/config.json',
    'cases.json',
    'hidden-cases.json',
    ...exercise.meta.files.exemplar,
  ];
  for (const name of read)
    files[`exercises/${id}/${name}`] = strToU8(readFileSync(join(root, id, name), 'utf8'));
  return files;
}

/** The zip a platform takes for grading exercise `id`. */
export async function autograderZip(
  platform: Platform,
  id: string,
  root = EXERCISES_DIR,
): Promise<Uint8Array> {
  const entry = loadManifest(root).exercises.find((e) => e.id === id);
  if (!entry) throw new Error(`No exercise named "${id}" in manifest.json`);
  const prebuilt = mkdtempSync(join(tmpdir(), 'streamworks-autograder-'));
  try {
    writePrebuiltGrader(prebuilt);
    const files: Zippable = {};
    for (const [path, file] of Object.entries(platformFiles(platform, id, entry.title)))
      files[path] = file.executable ? [strToU8(file.text), EXECUTABLE] : strToU8(file.text);
    Object.assign(files, {
      'grader/autograde.mjs': strToU8(await autogradeScript()),
      'grader/child.mjs': readFileSync(join(prebuilt, 'child.mjs')),
      'grader/sandbox.js': readFileSync(join(prebuilt, 'sandbox.js')),
      ...exerciseFiles(id, root),
    });
    return zipSync(files, { mtime: PACKAGE_DATE, level: 9 });
  } finally {
    rmSync(prebuilt, { recursive: true, force: true });
  }
}

/** The file name of a package: `01-count-page-views-gradescope-autograder.zip`. */
export function autograderName(platform: Platform, id: string): string {
  return `${id}-${platform}-autograder.zip`;
}
