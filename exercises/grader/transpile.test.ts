import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { EXERCISES_DIR } from './exercise-files.ts';
import ts from 'typescript';
import { learnerLine, learnerLineOfError, stackPosition } from './learner-lines.ts';
import { transpileSubmission, type TranspileResult } from './transpile.ts';

function transpiled(source: string): Extract<TranspileResult, { ok: true }> {
  const result = transpileSubmission(source);
  if (!result.ok) throw new Error(`expected to transpile, got ${JSON.stringify(result)}`);
  return result;
}

function refused(source: string): Extract<TranspileResult, { ok: false }> {
  const result = transpileSubmission(source);
  if (result.ok) throw new Error(`expected a refusal, got:\n${result.code}`);
  return result;
}

/** Load CommonJS text the way the sandbox does: one wrapper line, then the code. */
function load(code: string): { exports: Record<string, unknown>; error?: Error } {
  const module = { exports: {} as Record<string, unknown> };
  const wrapped = `(function (module, exports, require) {\n${code}\n})`;
  const body = new vm.Script(wrapped, { filename: 'submission.js' }).runInThisContext() as (
    m: object,
    e: object,
    r: unknown,
  ) => void;
  try {
    body(module, module.exports, (name: string) => {
      throw new Error(`no modules (${name})`);
    });
    return module;
  } catch (error) {
    return { exports: module.exports, error: error as Error };
  }
}

/** Every TypeScript file a learner could submit that the repository keeps. */
function submissionFiles(): string[] {
  const files: string[] = [];
  const tsIn = (dir: string) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => join(dir, name));
  for (const entry of readdirSync(EXERCISES_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d\d-/.test(entry.name)) continue;
    const dir = join(EXERCISES_DIR, entry.name);
    files.push(join(dir, 'starter.ts'), join(dir, 'reference.ts'));
    files.push(...tsIn(join(dir, 'fixtures')));
  }
  files.push(...tsIn(join(EXERCISES_DIR, 'fixtures', 'hostile')));
  return files;
}

describe('transpileSubmission', () => {
  it('strips types, type-only imports and assertions, leaving runnable CommonJS', () => {
    const source = [
      "import type { Thing } from './thing.ts';",
      "import { OnlyAType } from './other.ts';",
      'interface Point { x: number; y: number }',
      'type Pair<T> = [T, T];',
      'export function sum(p: Point, extra: OnlyAType): number {',
      '  const pair: Pair<number> = [p.x, p.y] as Pair<number>;',
      '  return pair[0]! + (<number>pair[1]) + (extra satisfies unknown as number);',
      '}',
      'export const thing: Thing | null = null;',
    ].join('\n');
    const { code } = transpiled(source);
    expect(code).not.toMatch(/interface|Pair<|: number|require\(/);
    const loaded = load(code);
    expect(loaded.error).toBeUndefined();
    expect((loaded.exports.sum as (p: object, e: number) => number)({ x: 1, y: 2 }, 3)).toBe(6);
    expect(loaded.exports.thing).toBeNull();
  });

  it('names a syntax error with its line and column', () => {
    const result = refused('export const a = 1;\nexport const b = (;\n');
    expect(result).toMatchObject({ line: 2, column: 19, message: 'Expression expected.' });
  });

  it('refuses an enum, pointing at it', () => {
    const result = refused('const a = 1;\n  enum Colour { Red }\n');
    expect(result.line).toBe(2);
    expect(result.column).toBe(3);
    expect(result.message).toMatch(/enum needs more than type stripping/);
  });

  it('refuses each construct that needs more than type stripping', () => {
    const sources: [string, RegExp][] = [
      ['namespace N { export const a = 1; }', /namespace/],
      ['class C { constructor(private a: number) {} }', /parameter property/],
      ['class C { constructor(readonly a: number) {} }', /parameter property/],
      ["import fs = require('fs');", /import x =/],
      ['export = 1;', /export =/],
      ['function dec(c: unknown) { return c; }\n@dec class D {}', /Decorators/],
    ];
    for (const [source, reason] of sources) expect(refused(source).message).toMatch(reason);
  });

  it('allows what erases to nothing: declared enums, type-only namespaces, plain classes', () => {
    const source = [
      'declare enum Outside { A }',
      'namespace Types { export interface T { a: number } export type U = string }',
      'declare namespace Ambient { const a: number }',
      'class C { private a: number; constructor(a: number) { this.a = a; } get value() { return this.a; } }',
      'export const c = new C(4).value;',
    ].join('\n');
    expect(load(transpiled(source).code).exports.c).toBe(4);
  });

  it('transpiles every starter, reference and fixture with the same exports esbuild gave', () => {
    const files = submissionFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const ours = transpileSubmission(source);
      expect(ours.ok, file).toBe(true);
      if (!ours.ok || /hostile/.test(file)) continue;
      const theirs = transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
      expect(Object.keys(load(ours.code).exports).sort(), file).toEqual(
        Object.keys(load(theirs).exports).sort(),
      );
    }
  });

  it('gives byte-identical output on every call', () => {
    const source = readFileSync(join(EXERCISES_DIR, '03-dual-write', 'reference.ts'), 'utf8');
    const first = transpileSubmission(source);
    const again = [1, 2, 3].map(() => transpileSubmission(source));
    for (const next of again) expect(next).toEqual(first);
    expect(JSON.stringify(again[2])).toBe(JSON.stringify(first));
  });

  it('leaves no source-map comment in the code', () => {
    expect(transpiled('export const a: number = 1;\n').code).not.toMatch(/sourceMappingURL/);
  });
});

describe('learnerLine, learnerLineOfError and stackPosition', () => {
  it("map a runtime error's place in the transpiled code back to the learner's line", () => {
    const source = [
      "import type { Thing } from './thing.ts';",
      '',
      'interface Shape {',
      '  size: number;',
      '}',
      '',
      'export function area(shape: Shape): number {',
      '  if (shape.size < 0) {',
      "    throw new Error('negative size');",
      '  }',
      '  return shape.size * shape.size;',
      '}',
      'export const value = 1;',
      'area({ size: -1 });',
    ].join('\n');
    const { code, lineMap } = transpiled(source);
    const { error } = load(code);
    expect(error?.message).toBe('negative size');
    const place = stackPosition(error!.stack!, 'submission.js');
    expect(place).not.toBeNull();
    // The sandbox's wrapper adds one line before the code.
    expect(learnerLine(place!.line - 1, lineMap)).toBe(9);
  });

  it('find the line behind new Function, named by sourceURL or left anonymous', () => {
    const source = 'export const a: number = 1;\n\nthrow new Error("here");\n';
    const { code, lineMap } = transpiled(source);
    for (const [suffix, name] of [
      ['\n//# sourceURL=submission.js', 'submission.js'],
      ['', '<anonymous>'],
    ]) {
      const body = new Function('module', 'exports', 'require', code + suffix);
      let stack = '';
      try {
        body({ exports: {} }, {}, () => undefined);
      } catch (error) {
        stack = (error as Error).stack ?? '';
      }
      expect(learnerLineOfError(stack, name, lineMap, 2), name).toBe(3);
    }
    expect(
      learnerLineOfError('Error: x\n    at g (grader.js:3:1)', 'submission.js', lineMap, 2),
    ).toBeNull();
  });

  it('live in a module that imports nothing, so a page using them does not bundle TypeScript', () => {
    const text = readFileSync(join(EXERCISES_DIR, 'grader', 'learner-lines.ts'), 'utf8');
    expect(ts.preProcessFile(text, true, true).importedFiles).toEqual([]);
  });

  it('gives null for lines only the compiler wrote', () => {
    const { code, lineMap } = transpiled('export const a: number = 1;\n');
    const strictLine = code.split('\n').indexOf('"use strict";') + 1;
    expect(strictLine).toBe(1);
    expect(learnerLine(strictLine, lineMap)).toBeNull();
    expect(learnerLine(code.split('\n').length + 5, lineMap)).toBeNull();
  });

  it('reads V8 and Firefox stack frames and skips frames of other files', () => {
    const v8 = 'Error: x\n    at g (grader.js:3:1)\n    at f (submission.js:12:5)\n';
    expect(stackPosition(v8, 'submission.js')).toEqual({ line: 12, column: 5 });
    expect(stackPosition('f@blob:x/submission.js:7:9\n', 'submission.js')).toEqual({
      line: 7,
      column: 9,
    });
    expect(stackPosition('Error: x\n    at g (grader.js:3:1)', 'submission.js')).toBeNull();
  });
});
