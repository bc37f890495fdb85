import { REALM_GLOBALS } from '../../../exercises/grader/realm-globals.ts';

/**
 * The script of one grading worker: the simulator-and-grader bundle (the same text the command
 * line loads into its `vm` context), the learner's code wrapped as a function that only runs when
 * the grader loads it, and a small message loop. It runs in a worker of an opaque-origin frame
 * whose policy forbids `eval`, network and storage; on top of that, learner code sees only the
 * language's own globals (`REALM_GLOBALS`), as in the command line's context.
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
function workerLoop(submission: unknown): void {
  const scope = self as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  };
  const post = scope.postMessage.bind(scope);
  const later = setTimeout;
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
    later(() => post({ seq: m.seq, answer: text }), 0);
  });
  // Learner code must not answer for the grader.
  const proto = Object.getPrototypeOf(self) as Record<string, unknown>;
  delete proto.postMessage;
}

/**
 * A `with` scope in front of the learner's code: every name that is not one of the language's
 * globals reads as "not defined", exactly as in the command line's context.
 */
function hiddenGlobals(allowed: readonly string[]): object {
  const visible = new Set(allowed);
  return new Proxy(Object.create(null) as object, {
    has: (_, key) => typeof key === 'string' && !visible.has(key),
    get: (_, key) => {
      if (key === Symbol.unscopables) return undefined;
      throw new ReferenceError(`${String(key)} is not defined`);
    },
    set: (_, key) => {
      throw new ReferenceError(`${String(key)} is not defined`);
    },
  });
}

/** The worker's whole script for `bundle` and the learner's CommonJS `code`. */
export function workerScript(bundle: string, code: string): string {
  // The with-statement needs sloppy mode, so the wrapper is built as text here; the learner's code
  // inside keeps its own "use strict".
  return [
    // The bundle opens with "use strict", which would make the whole script strict (and the
    // with-statement a syntax error); as a function body it keeps its strictness to itself.
    '(function () {',
    bundle,
    '})();',
    '(function () {',
    `var __scope = (${hiddenGlobals.toString()})(${JSON.stringify(REALM_GLOBALS)});`,
    // `return` names nothing, so the scope sees no lookup of the grader's own variables.
    'var __submission = (function () { with (__scope) { return function (module, exports, require) {',
    code,
    '\n}; } })();',
    `(${workerLoop.toString()})(__submission);`,
    '})();',
  ].join('\n');
}
