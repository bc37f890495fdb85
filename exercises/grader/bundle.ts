import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The two scripts a grading child needs, built once per grading process with esbuild (which comes
 * with tsx): the child's entry (plain Node ESM) and the sandbox bundle (the simulator, the
 * exercises' graders and the in-context entry points as one script with no imports). The child's
 * script goes to a folder of node_modules/.cache named by the content's hash (runs share it; it
 * is not world-writable as /tmp is), the only folder a child may read.
 */
export interface GraderBundle {
  /** The folder holding both files. */
  readonly dir: string;
  /** The child's entry script. */
  readonly childPath: string;
  /** The sandbox bundle's text. */
  readonly sandbox: string;
}

let cached: GraderBundle | undefined;

const here = fileURLToPath(new URL('.', import.meta.url));

function build(entry: string, options: Parameters<typeof buildSync>[0]): string {
  const result = buildSync({
    entryPoints: [join(here, entry)],
    bundle: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    outfile: 'out.js',
    ...options,
  });
  return result.outputFiles![0]!.text;
}

/**
 * The simulator-and-grader script every sandbox loads: the command line's `vm` context and the
 * page's worker run this same text (the site's build embeds it through a Vite plugin), so the
 * same submission meets the same code everywhere.
 */
export function sandboxBundleText(): string {
  return build('sandbox-entry.ts', {
    platform: 'neutral',
    format: 'iife',
    target: 'es2022',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
  });
}

/**
 * Grade with scripts built ahead of time (an autograder package carries them, and no esbuild):
 * `dir` holds `child.mjs` and `sandbox.js` as `writePrebuiltGrader` wrote them.
 */
export function usePrebuiltGrader(dir: string): void {
  cached = {
    dir,
    childPath: join(dir, 'child.mjs'),
    sandbox: readFileSync(join(dir, 'sandbox.js'), 'utf8'),
  };
}

/** Writes the two scripts into `dir`, for `usePrebuiltGrader`. */
export function writePrebuiltGrader(dir: string): void {
  const bundle = graderBundle();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'child.mjs'), readFileSync(bundle.childPath));
  writeFileSync(join(dir, 'sandbox.js'), bundle.sandbox);
}

export function graderBundle(): GraderBundle {
  if (cached) return cached;
  const child = build('child-main.ts', { platform: 'node', format: 'esm', target: 'node20' });
  const sandbox = sandboxBundleText();
  const hash = createHash('sha256').update(child).update('\0').update(sandbox).digest('hex');
  const dir = join(
    here,
    '..',
    '..',
    'node_modules',
    '.cache',
    `streamworks-grader-${hash.slice(0, 16)}`,
  );
  const childPath = join(dir, 'child.mjs');
  if (!existsSync(childPath)) {
    mkdirSync(dir, { recursive: true });
    // Write then rename: another grading process may be writing the same file right now.
    const partial = `${childPath}.${process.pid}`;
    writeFileSync(partial, child);
    renameSync(partial, childPath);
  }
  cached = { dir, childPath, sandbox };
  return cached;
}
