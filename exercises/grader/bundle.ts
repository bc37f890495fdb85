import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The two scripts a grading child needs, built once per grading process with esbuild (which comes
 * with tsx): the child's entry (plain Node ESM) and the sandbox bundle (the simulator, the
 * exercises' graders and the in-context entry points as one script with no imports). They go to a
 * fresh temporary folder, the only folder a child may read.
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

export function graderBundle(): GraderBundle {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'streamworks-grader-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const childPath = join(dir, 'child.mjs');
  const sandboxPath = join(dir, 'sandbox.js');
  const common = { bundle: true, write: true, logLevel: 'silent', legalComments: 'none' } as const;
  buildSync({
    ...common,
    entryPoints: [join(here, 'child-main.ts')],
    outfile: childPath,
    platform: 'node',
    format: 'esm',
    target: 'node20',
  });
  buildSync({
    ...common,
    entryPoints: [join(here, 'sandbox-entry.ts')],
    outfile: sandboxPath,
    platform: 'neutral',
    format: 'iife',
    target: 'es2022',
    mainFields: ['module', 'main'],
  });
  cached = { dir, childPath, sandbox: readFileSync(sandboxPath, 'utf8') };
  return cached;
}
