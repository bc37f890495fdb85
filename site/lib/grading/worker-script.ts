import { LEARNER_GLOBALS } from '../../../exercises/grader/realm-globals.ts';

/**
 * The script of one grading worker: the simulator-and-grader bundle (the same text the command
 * line loads into its `vm` context), the learner's code wrapped as a function that only runs when
 * the grader loads it, and a small message loop. It runs in a worker of an opaque-origin frame
 * whose policy forbids `eval`, network and storage; on top of that, learner code sees only the
 * language's own globals (`LEARNER_GLOBALS`), as in the command line's context.
 */

/** What the page asks the worker, one step at a time (the steps of `child-main.ts`). */
export type WorkerStep =
  | { op: 'lockDown' }
  | { op: 'load'; exercise: string }
  | { op: 'probe' }
  | { op: 'case'; input: string }
  | { op: 'trace'; input: string };

/**
 * The worker's loop, serialised into the script with `Function.prototype.toString`: it must not
 * close over anything. It keeps `postMessage` and `setTimeout` to itself before the lock-down and
 * answers each step in a later task, so microtasks the learner queued run first — as a `vm`
 * context with `microtaskMode: 'afterEvaluate'` runs them inside the step — and an endless chain
 * of them keeps the step from answering, which the page sees as its time limit.
 */
function workerLoop(
  submission: unknown,
  diagnosis: { stack: string },
  languageGlobals: readonly string[],
): void {
  const scope = self as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  };
  const post = scope.postMessage.bind(scope);
  const later = setTimeout;
  const file = String(location.href);
  const grader = () =>
    (globalThis as unknown as { __streamworksGrader: Record<string, (...a: unknown[]) => string> })
      .__streamworksGrader;
  scope.addEventListener('message', (event) => {
    const m = event.data as { seq: number; op: string; exercise?: string; input?: string };
    let answer: unknown;
    try {
      const g = grader();
      if (m.op === 'lockDown') answer = g.lockDown();
      else if (m.op === 'load') answer = g.load(m.exercise, submission);
      else if (m.op === 'probe') answer = g.probe();
      else if (m.op === 'case') answer = g.runCase(m.input);
      else if (m.op === 'trace') answer = g.traceCase(m.input);
    } catch {
      answer = JSON.stringify({ threw: 'the code stopped the sandbox' });
    }
    const text =
      typeof answer === 'string' ? answer : JSON.stringify({ threw: 'the sandbox answered oddly' });
    const stack = diagnosis.stack;
    diagnosis.stack = '';
    later(() => post({ seq: m.seq, answer: text, stack, file }), 0);
  });
  // Learner code must reach nothing of the host, not even through `globalThis.fetch`: every
  // global that is not the language's own goes, from the global object and from every prototype
  // of it (`postMessage`, `fetch`, `importScripts`, `indexedDB`, `WebSocket`...). The loop
  // keeps what it needs above. The few the platform will not let go (`location`) are harmless.
  const keep = new Set(languageGlobals);
  const global = globalThis as unknown as Record<PropertyKey, unknown>;
  for (let o: object | null = global; o !== null && o !== Object.prototype;) {
    const next = Object.getPrototypeOf(o) as object | null;
    for (const key of Reflect.ownKeys(o)) {
      if (o === global && typeof key === 'string' && keep.has(key)) continue;
      try {
        delete (o as Record<PropertyKey, unknown>)[key];
      } catch {
        // not configurable: left as it is
      }
    }
    o = next;
  }
}

/**
 * Diagnosis mode (a failing run replayed to find the learner's line): the first stack of an error
 * thrown by learner code — at the top level or out of an exported function — is kept for the
 * page, which maps it back to the learner's TypeScript. Graded runs never use it: wrapping the
 * exports is invisible to correct code, but a grade must not depend on anything but the code.
 */
function diagnosisTools() {
  const diagnosis = { stack: '' };
  const note = (error: unknown) => {
    try {
      if (diagnosis.stack === '') diagnosis.stack = String((error as { stack?: unknown }).stack);
    } catch {
      // An error without a readable stack (a thrown non-object) has no line to show.
    }
  };
  const generator = Object.getPrototypeOf(function* () {}) as unknown;
  const wrapExports = (module: { exports: Record<string, unknown> }) => {
    const exports = module.exports;
    for (const name of Object.keys(exports)) {
      const f = exports[name];
      if (typeof f !== 'function') continue;
      const call = f as (...a: unknown[]) => unknown;
      exports[name] =
        Object.getPrototypeOf(f) === generator
          ? function* (this: unknown, ...a: unknown[]) {
              try {
                return yield* call.apply(this, a) as Generator;
              } catch (error) {
                note(error);
                throw error;
              }
            }
          : function (this: unknown, ...a: unknown[]) {
              try {
                return call.apply(this, a);
              } catch (error) {
                note(error);
                throw error;
              }
            };
    }
  };
  return { diagnosis, note, wrapExports };
}

/**
 * A `with` scope in front of the learner's code: every name that is not one of the language's
 * globals reads as "not defined", exactly as in the command line's context.
 */
function hiddenGlobals(allowed: readonly string[]): object {
  const visible = new Set(allowed);
  return new Proxy(Object.create(null) as object, {
    // `__sw…` names are the wrapper's own (diagnosis tools), not the host's.
    has: (_, key) => typeof key === 'string' && !visible.has(key) && !key.startsWith('__sw'),
    get: (_, key) => {
      if (key === Symbol.unscopables) return undefined;
      throw new ReferenceError(`${String(key)} is not defined`);
    },
    set: (_, key) => {
      throw new ReferenceError(`${String(key)} is not defined`);
    },
  });
}

/** A worker script and where the learner's code starts in it. */
export interface WorkerScript {
  readonly text: string;
  /** Lines of the script before the learner's first line. */
  readonly linesBefore: number;
}

/** The worker's whole script for `bundle` and the learner's CommonJS `code`. */
export function workerScript(
  bundle: string,
  code: string,
  options: { diagnose?: boolean } = {},
): WorkerScript {
  const diagnose = options.diagnose === true;
  // The with-statement needs sloppy mode, so the wrapper is built as text here; the learner's code
  // inside keeps its own "use strict".
  const before = [
    // The bundle opens with "use strict", which would make the whole script strict (and the
    // with-statement a syntax error); as a function body it keeps its strictness to itself.
    '(function () {',
    bundle,
    '})();',
    '(function () {',
    `var __scope = (${hiddenGlobals.toString()})(${JSON.stringify(LEARNER_GLOBALS)});`,
    `var __swTools = (${diagnosisTools.toString()})();`,
    // `return` names nothing, so the scope sees no lookup of the grader's own variables.
    'var __submission = (function () { with (__scope) { return function (module, exports, require) {' +
      (diagnose ? ' "use strict"; try {' : ''),
  ].join('\n');
  const after = [
    diagnose
      ? '} catch (__swError) { __swTools.note(__swError); throw __swError; } finally { __swTools.wrapExports(module); }'
      : '',
    '}; } })();',
    `(${workerLoop.toString()})(__submission, __swTools.diagnosis, ${JSON.stringify(LEARNER_GLOBALS)});`,
    '})();',
  ].join('\n');
  return { text: `${before}\n${code}\n${after}`, linesBefore: before.split('\n').length };
}
