import { readFileSync } from 'node:fs';
import { transpileSubmission } from '../grader/transpile.ts';

/**
 * For in-process tests: a file of this exercise loaded as the sandbox loads a submission, so each
 * call gives a module scope of its own (each member's start gets one, as in the grader).
 */
export function freshModule(file: string): () => unknown {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  const result = transpileSubmission(source);
  if (!result.ok) throw new Error(`${file}:${result.line}: ${result.message}`);
  const body = new Function('module', 'exports', 'require', result.code) as (
    m: { exports: Record<string, unknown> },
    e: Record<string, unknown>,
    r: unknown,
  ) => void;
  return () => {
    const module = { exports: {} as Record<string, unknown> };
    body(module, module.exports, () => {
      throw new Error(`${file} imports a module at run time`);
    });
    return module.exports.accountConsumer;
  };
}
