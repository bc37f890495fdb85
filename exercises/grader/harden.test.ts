import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { sandboxBundleText } from './bundle.ts';
import { HIDDEN_INTRINSICS } from './harden.ts';

/**
 * The grading realm after `lockDown`: every intrinsic, named or hidden, refuses a tamper attempt.
 * Each attempt is first shown to work on a realm that was not locked down, so each test can fail.
 */

const bundle = sandboxBundleText();

function realm(locked: boolean): vm.Context {
  const context = vm.createContext(Object.create(null) as object, {
    codeGeneration: { strings: false, wasm: false },
  });
  vm.runInContext(bundle, context);
  if (locked)
    expect(vm.runInContext('__streamworksGrader.lockDown()', context)).toBe('{"ok":true}');
  return context;
}

/**
 * Source that finds an intrinsic, tries to replace each of its methods (assignment and
 * `defineProperty`), to add a property and to change its prototype, and says whether anything took.
 */
function tamper(find: string): string {
  // Everything the check needs is taken before the attempt, which may replace it.
  return `(() => {
    const ownKeys = Reflect.ownKeys, describe = Object.getOwnPropertyDescriptor;
    const define = Object.defineProperty, protoOf = Object.getPrototypeOf;
    const setProto = Object.setPrototypeOf;
    const snapshot = (o) => { const keys = ownKeys(o), out = []; for (let i = 0; i < keys.length; i++) out[i] = describe(o, keys[i]); return out; };
    const target = (${find})();
    const forged = function forged() { return { done: true, value: undefined }; };
    const before = snapshot(target);
    const proto = protoOf(target);
    const keys = ownKeys(target);
    for (let i = 0; i < keys.length; i++) {
      try { target[keys[i]] = forged; } catch {}
      try { define(target, keys[i], { value: forged }); } catch {}
    }
    try { target.next = forged; } catch {}
    try { setProto(target, null); } catch {}
    const after = snapshot(target);
    let same = before.length === after.length;
    for (let i = 0; same && i < before.length; i++)
      same = before[i].value === after[i].value && before[i].get === after[i].get && before[i].set === after[i].set;
    return same && protoOf(target) === proto ? 'intact' : 'changed';
  })()`;
}

/** The hidden intrinsics this engine has and the language does not freeze already (%ThrowTypeError%). */
const PRESENT = Object.entries(HIDDEN_INTRINSICS).filter(([, find]) => {
  try {
    const found = find();
    return found !== undefined && !Object.isFrozen(found);
  } catch {
    return false; // not in Node 20's engine (iterator helpers): the browser test covers them
  }
});

const NAMED: [string, string][] = [
  ['Array.prototype', '() => Array.prototype'],
  ['Object.prototype', '() => Object.prototype'],
  ['Function.prototype', '() => Function.prototype'],
  ['JSON', '() => JSON'],
  ['Promise.prototype', '() => Promise.prototype'],
  ['Map.prototype', '() => Map.prototype'],
  ['Set.prototype', '() => Set.prototype'],
  ['Reflect', '() => Reflect'],
  ['Error.prototype', '() => Error.prototype'],
  ['%GeneratorPrototype%', '() => Object.getPrototypeOf(function* () {}).prototype'],
  ['%AsyncGeneratorPrototype%', '() => Object.getPrototypeOf(async function* () {}).prototype'],
  ['%AsyncFunction.prototype%', '() => Object.getPrototypeOf(async function () {})'],
  ['%TypedArray.prototype%', '() => Object.getPrototypeOf(Uint8Array.prototype)'],
];

describe('the locked-down grading realm', () => {
  it.each([...PRESENT.map(([name, find]) => [name, find.toString()]), ...NAMED])(
    'refuses every tamper attempt on %s',
    (_, find) => {
      expect(vm.runInContext(tamper(find), realm(false))).toBe('changed');
      expect(vm.runInContext(tamper(find), realm(true))).toBe('intact');
    },
  );

  it('reaches every hidden intrinsic Node 20 has', () => {
    expect(PRESENT.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        '%ArrayIteratorPrototype%',
        '%SetIteratorPrototype%',
        '%MapIteratorPrototype%',
        '%StringIteratorPrototype%',
        '%RegExpStringIteratorPrototype%',
        '%IteratorPrototype%',
        '%AsyncIteratorPrototype%',
        '%TypedArray%',
      ]),
    );
  });

  it('still lets an error subclass name itself, and refuses renaming Error.prototype', () => {
    const context = realm(true);
    const named = `(() => { class Oops extends Error { constructor() { super('x'); this.name = 'Oops'; } }
      return String(new Oops()); })()`;
    expect(vm.runInContext(named, context)).toBe('Oops: x');
    expect(() => vm.runInContext(`'use strict'; Error.prototype.name = 'Forged'`, context)).toThrow(
      /Cannot assign to name/,
    );
  });

  it.each([
    ['new Date()', /new Date\(\) without a time is not available/],
    ['Date()', /Date\(\) \(the current time\) is not available/],
    ['Date.now()', /Date.now is not available/],
    ['new Date(0).constructor.now()', /Date.now is not available/],
    ['new Intl.DateTimeFormat().format()', /Formatting the current time is not available/],
    ['new Intl.DateTimeFormat().formatToParts()', /Formatting the current time is not available/],
    ['Math.random()', /Math.random is not available/],
  ])('refuses to read the clock through %s', (code, message) => {
    expect(() => vm.runInContext(code, realm(false))).not.toThrow();
    expect(() => vm.runInContext(code, realm(true))).toThrow(message);
  });

  it('keeps dates made from a given time', () => {
    expect(vm.runInContext('new Date(86400000).toISOString()', realm(true))).toBe(
      '1970-01-02T00:00:00.000Z',
    );
  });

  it('takes WebAssembly away', () => {
    expect(vm.runInContext('typeof WebAssembly', realm(true))).toBe('undefined');
  });
});
