import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { REALM_GLOBALS } from './realm-globals.ts';

describe('the realm globals the page worker leaves visible', () => {
  it('are exactly the globals of a grading vm context', () => {
    const context = vm.createContext(Object.create(null) as object, {
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    const names = vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[];
    expect([...REALM_GLOBALS].sort()).toEqual([...names].sort());
  });
});
