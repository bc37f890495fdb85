import { readFileSync } from 'node:fs';
import { transpileSubmission } from './transpile.ts';

/**
 * For in-process tests: a file loaded as the sandbox loads a submission, so each call of the
 * result evaluates the module anew and returns its export `exportName` (each simulated start
 * gets a module scope of its own, as in the grader).
 */
export function freshModule(file: URL, exportName: string): () => unknown {
  const result = transpileSubmission(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`${file.pathname}:${result.line}: ${result.message}`);
  const body = new Function('module', 'exports', 'require', result.code) as (
    m: { exports: Record<string, unknown> },
    e: Record<string, unknown>,
    r: unknown,
  ) => void;
  return () => {
    const module = { exports: {} as Record<string, unknown> };
    body(module, module.exports, () => {
      throw new Error(`${file.pathname} imports a module at run time`);
    });
    return module.exports[exportName];
  };
}
