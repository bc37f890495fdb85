import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { libFiles } from './lib-files.ts';
import {
  TypeChecker,
  importCandidates,
  learnerPath,
  loadImports,
  resolveImport,
} from './typecheck-service.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fromDisk = (path: string) =>
  Promise.resolve(
    existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined,
  );
const starter = (id: string) => readFileSync(join(root, 'exercises', id, 'starter.ts'), 'utf8');
const reference = (id: string) => readFileSync(join(root, 'exercises', id, 'reference.ts'), 'utf8');

/** One checker for the file, as the worker keeps one for the page's life. */
const checker = new TypeChecker(libFiles);
async function check(id: string, source: string) {
  const path = learnerPath(id);
  await loadImports(checker, path, source, fromDisk);
  return checker.check(path, source);
}

describe('resolveImport and importCandidates', () => {
  it('resolve relative imports against the importing file and ignore bare ones', () => {
    expect(resolveImport('/exercises/a/starter.ts', '../../simulator/core/types.ts')).toBe(
      '/simulator/core/types.ts',
    );
    expect(resolveImport('/simulator/a/b.ts', './c/../d.ts')).toBe('/simulator/a/d.ts');
    expect(resolveImport('/simulator/a/b.ts', 'zod')).toBeNull();
    expect(importCandidates('/simulator/a/b.ts', "import { x } from './c';")).toEqual([
      '/simulator/a/c.ts',
      '/simulator/a/c/index.ts',
    ]);
  });

  it('refuses an exercise id that could leave the exercises folder', () => {
    expect(() => learnerPath('../simulator')).toThrow(/bad exercise id/);
    expect(learnerPath('01-count-page-views')).toBe('/exercises/01-count-page-views/starter.ts');
  });
});

describe('TypeChecker', () => {
  it('finds no errors in the starters and references of the exercises', async () => {
    for (const id of [
      '01-count-page-views',
      '01-count-page-views-in-the-processor',
      '02-join-orders-payments',
      '03-dual-write',
    ]) {
      expect(await check(id, starter(id)), `${id} starter`).toEqual([]);
      expect(await check(id, reference(id)), `${id} reference`).toEqual([]);
    }
  });

  it('reports a type error in the learner file with its range and flattened message', async () => {
    const id = '01-count-page-views';
    const source = starter(id).replace(
      'yield* ctx.log(`${event.records.length} records`);',
      'const n: string = event.records.length;\n  yield* ctx.log(n);',
    );
    const diagnostics = await check(id, source);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(source.slice(d.from, d.to)).toBe('n');
    expect(d).toMatchObject({ severity: 'error', source: 'ts(2322)' });
    expect(d.message).toBe("Type 'number' is not assignable to type 'string'.");
  });

  it('marks what transpile refuses, and what the sandbox lacks (Node, the DOM)', async () => {
    const source = [
      'enum Colour { Red }',
      "import { readFileSync } from 'node:fs';",
      'export const c = [Colour.Red, readFileSync, document];',
    ].join('\n');
    const messages = (await check('03-dual-write', source)).map((d) => d.source);
    expect(messages).toContain('ts(1294)'); // erasableSyntaxOnly
    expect(messages).toContain('ts(2591)'); // cannot find 'node:fs' (no Node types)
    expect(messages).toContain('ts(2584)'); // cannot find name 'document' (no DOM lib)
  });

  it('reports a syntax error and an import of a file that does not exist', async () => {
    const source = "import type { X } from '../../simulator/nowhere.ts';\nexport const a = (;\n";
    const diagnostics = await check('01-count-page-views', source);
    expect(diagnostics.map((d) => d.source)).toEqual(['ts(1109)', 'ts(2307)']);
    expect(source.slice(diagnostics[1].from, diagnostics[1].to)).toBe(
      "'../../simulator/nowhere.ts'",
    );
  });

  it('forgets the previous exercise file when another is checked', async () => {
    await check('01-count-page-views', 'export const shared = 1;\n');
    const again = await check('03-dual-write', 'export const shared: string = "a";\n');
    expect(again).toEqual([]);
    expect(checker.has(learnerPath('01-count-page-views'))).toBe(false);
  });

  it('re-checks an edited file much faster than the first check', async () => {
    const fresh = new TypeChecker(libFiles);
    const id = '01-count-page-views';
    const path = learnerPath(id);
    const source = reference(id);
    await loadImports(fresh, path, source, fromDisk);
    let started = performance.now();
    fresh.check(path, source);
    const firstMs = performance.now() - started;
    started = performance.now();
    fresh.check(path, `${source}\nexport const edited: number = 1;\n`);
    const againMs = performance.now() - started;
    console.log(
      `type check: first ${firstMs.toFixed(0)} ms, after an edit ${againMs.toFixed(0)} ms`,
    );
    expect(againMs).toBeLessThan(firstMs / 2);
  });
});
