import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { libFiles } from './lib-files.ts';

const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.es5.d.ts'));

/** `lib.es2022.d.ts` and every lib it references, transitively, as TypeScript reads them. */
function closure(): string[] {
  const seen = new Set<string>();
  const stack = ['lib.es2022.d.ts'];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const info = ts.preProcessFile(readFileSync(join(libDir, name), 'utf8'), true, true);
    for (const lib of info.libReferenceDirectives)
      stack.push(`lib.${lib.fileName.toLowerCase()}.d.ts`);
  }
  return [...seen].sort();
}

describe('libFiles', () => {
  it('holds exactly the closure of lib.es2022.d.ts, without the DOM', () => {
    expect(Object.keys(libFiles).sort()).toEqual(closure());
    expect(Object.keys(libFiles).some((name) => name.includes('dom'))).toBe(false);
  });

  it('holds each file as it is in the installed typescript package', () => {
    for (const name of Object.keys(libFiles))
      expect(libFiles[name], name).toBe(readFileSync(join(libDir, name), 'utf8'));
  });
});
