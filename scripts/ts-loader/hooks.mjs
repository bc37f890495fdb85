/**
 * Module hooks that let Node run the project's TypeScript as it is written, for the command line,
 * the grader and the benchmarks: each `.ts` file is stripped of its types by esbuild, one file at a
 * time, and nothing else.
 *
 * Why not tsx: tsx compiles with esbuild's `keepNames`, which wraps every named function and
 * closure in a call that sets its `name` with `Object.defineProperty` — a cost paid each time a
 * closure is created, on the engine's hottest paths (issue 18). Without minification no name
 * changes, so `keepNames` buys nothing here: JavaScript infers the same names itself.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

/** What tsconfig.json says that changes emitted code (everything else only concerns checking). */
const TSCONFIG_RAW = { compilerOptions: { target: 'ES2022', verbatimModuleSyntax: true } };

/** `import x from './y'` (no extension) and `./y.js` meaning `./y.ts`, as moduleResolution Bundler allows. */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || !context.parentURL?.endsWith('.ts')) throw error;
    for (const candidate of [
      specifier.replace(/\.js$/, '.ts'),
      `${specifier}.ts`,
      `${specifier}/index.ts`,
    ]) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: path,
    sourcemap: 'inline',
    tsconfigRaw: TSCONFIG_RAW,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
