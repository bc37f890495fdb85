/**
 * The global names a grading `vm` context has (Node 20's V8, a null-prototype context): the
 * language's built-ins and nothing of the host. The page's worker hides every other global from
 * learner code (`fetch`, `self`, `postMessage`, timers...), so code meets the same world in both
 * places. `realm-globals.test.ts` checks this list against a real context.
 */
export const REALM_GLOBALS: readonly string[] = [
  'Object',
  'Function',
  'Array',
  'Number',
  'parseFloat',
  'parseInt',
  'Infinity',
  'NaN',
  'undefined',
  'Boolean',
  'String',
  'Symbol',
  'Date',
  'Promise',
  'RegExp',
  'Error',
  'AggregateError',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'globalThis',
  'JSON',
  'Math',
  'Intl',
  'ArrayBuffer',
  'Uint8Array',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'Uint8ClampedArray',
  'BigUint64Array',
  'BigInt64Array',
  'DataView',
  'Map',
  'BigInt',
  'Set',
  'WeakMap',
  'WeakSet',
  'Proxy',
  'Reflect',
  'FinalizationRegistry',
  'WeakRef',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'escape',
  'unescape',
  'eval',
  'isFinite',
  'isNaN',
  'console',
  'SharedArrayBuffer',
  'Atomics',
  'WebAssembly',
];

/**
 * Globals of the realm that graded code must not reach: the grader deletes them before the
 * learner's code loads (WebAssembly compiles code the `vm` context's and the page's policies are
 * there to refuse).
 */
export const REMOVED_GLOBALS: readonly string[] = ['WebAssembly'];

/** The globals learner code sees, in both sandboxes. */
export const LEARNER_GLOBALS: readonly string[] = REALM_GLOBALS.filter(
  (name) => !REMOVED_GLOBALS.includes(name),
);
