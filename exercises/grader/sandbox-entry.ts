import type { Json } from '../../simulator/core/types.ts';
import { exerciseGraders } from '../registry.ts';
import { NOT_STARTED, type CaseOutcome, type ExerciseGrader } from './exercise-grader.ts';
import { shrinkFaults } from './shrink.ts';

/**
 * The grader's side inside the sandbox: bundled with the simulator into one script that runs in
 * the learner's `vm` context, so the learner's code, the simulation and the checks share a realm
 * and nothing of the host is reachable from it. Every entry point catches everything and answers
 * with a JSON string: the host never touches an object the learner could have shaped.
 */

/** One case on its seeds, as the host sends it. */
export interface SandboxCase {
  readonly workload: Record<string, Json>;
  readonly faults: Json[];
  readonly seeds: number[];
  /** Shrink the schedule when the case fails (visible cases with faults). */
  readonly shrink: boolean;
}

/** What one case found: the first failing seed's outcome, or the last seed's if all passed. */
export interface SandboxCaseResult {
  readonly seed: number;
  readonly outcome: CaseOutcome;
  /** The shrunk schedule, when asked for and the case failed. */
  readonly shrunk?: Json[];
}

const SHRINK_BUDGET = 40;

let exported: unknown;
let loadedExercise: ExerciseGrader | undefined;

function describe(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return `a thrown ${typeof error}: ${String(error)}`;
  } catch {
    return 'an error that cannot be described';
  }
}

/** Load the submission (CommonJS text wrapped by the host) and find the exercise's export. */
function load(
  exercise: string,
  body: (module: object, exports: object, require: unknown) => void,
): string {
  try {
    const grader = Object.hasOwn(exerciseGraders, exercise) ? exerciseGraders[exercise] : undefined;
    if (!grader) return JSON.stringify({ error: `unknown exercise ${exercise}` });
    const module = { exports: {} as Record<string, unknown> };
    const require = (name: string) => {
      throw new Error(
        `Submissions cannot import modules (asked for "${String(name)}"): everything a handler needs arrives in its arguments`,
      );
    };
    body(module, module.exports, require);
    const value = module.exports[grader.exportName];
    if (value === undefined)
      return JSON.stringify({
        wrongExports: `The submission does not export ${grader.exportName}`,
      });
    exported = value;
    loadedExercise = grader;
    return JSON.stringify({ ok: true });
  } catch (error) {
    return JSON.stringify({ threw: describe(error) });
  }
}

function probe(): string {
  try {
    loadedExercise!.probe(exported);
    return JSON.stringify({ ok: true });
  } catch (error) {
    const text = describe(error);
    if (text.includes(NOT_STARTED)) return JSON.stringify({ notStarted: text });
    return JSON.stringify({ threw: text });
  }
}

function runOnce(c: SandboxCase, faults: Json[], seed: number): CaseOutcome {
  try {
    return loadedExercise!.run(exported, c.workload, faults, seed);
  } catch (error) {
    const message = `The run stopped: ${describe(error)}`;
    return { passed: false, reason: 'threw', message, expected: null, actual: null };
  }
}

/** One case on one seed run again with its trace kept, as the replay of a failure asks. */
export interface SandboxTraceInput {
  readonly workload: Record<string, Json>;
  readonly faults: Json[];
  readonly seed: number;
}

function traceCase(input: string): string {
  try {
    const c = JSON.parse(input) as SandboxTraceInput;
    return JSON.stringify({ ok: loadedExercise!.trace(exported, c.workload, c.faults, c.seed) });
  } catch (error) {
    return JSON.stringify({ threw: `The run stopped: ${describe(error)}` });
  }
}

function runCase(input: string): string {
  const c = JSON.parse(input) as SandboxCase;
  let last: SandboxCaseResult | undefined;
  for (const seed of c.seeds) {
    const outcome = runOnce(c, c.faults, seed);
    last = { seed, outcome };
    if (outcome.passed) continue;
    if (!c.shrink || c.faults.length === 0) break;
    const same = (f: Json[]) => {
      const o = runOnce(c, f, seed);
      return !o.passed && o.reason === outcome.reason;
    };
    const shrunk = shrinkFaults(c.faults, same, SHRINK_BUDGET).faults;
    last = { seed, outcome: runOnce(c, shrunk, seed), shrunk };
    break;
  }
  return JSON.stringify(last);
}

/**
 * Before the learner's code loads: no clock and no unseeded randomness (the same code must get
 * the same grade every time), and the shared intrinsics frozen, so a submission cannot rewrite
 * `JSON`, `Object.prototype` or the grader's entry points to forge its own result.
 */
function lockDown(): string {
  const refuse = (what: string) => () => {
    throw new Error(`${what} is not available in graded code: the simulation is deterministic`);
  };
  Math.random = refuse('Math.random');
  Date.now = refuse('Date.now');
  const g = globalThis as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(g)) {
    const value = g[name];
    // The global object itself (`globalThis`) cannot be frozen: its properties are locked below.
    if (
      (typeof value === 'function' || typeof value === 'object') &&
      value !== null &&
      value !== g
    ) {
      Object.freeze(value);
      const proto = (value as { prototype?: unknown }).prototype;
      // Error prototypes stay open: a frozen `name` there would make `this.name = ...` in every
      // error subclass throw (the "override mistake").
      if (typeof proto === 'object' && proto !== null && !name.endsWith('Error'))
        Object.freeze(proto);
    }
    // A browser worker's global has a few properties the platform will not let anyone redefine
    // (`self`, `location`); they are already neither writable nor configurable as they are.
    const own = Object.getOwnPropertyDescriptor(g, name);
    if (own?.configurable)
      Object.defineProperty(g, name, { value, writable: false, configurable: false });
  }
  Object.freeze(Object.getPrototypeOf(function* () {}));
  Object.freeze(Object.getPrototypeOf(function* () {}).prototype);
  return JSON.stringify({ ok: true });
}

Object.defineProperty(globalThis, '__streamworksGrader', {
  value: Object.freeze({ load, probe, runCase, traceCase, lockDown }),
  writable: false,
  configurable: false,
  enumerable: false,
});
