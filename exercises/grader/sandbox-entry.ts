import type { Json } from '../../simulator/core/types.ts';
import { exerciseGraders } from '../registry.ts';
import { NOT_STARTED, type CaseOutcome, type ExerciseGrader } from './exercise-grader.ts';
import { hardenRealm } from './harden.ts';
import { removeClocks } from './no-clock.ts';
import { REMOVED_GLOBALS } from './realm-globals.ts';
import { clip, plainCopy, plainJson } from './plain-answer.ts';
import { shrinkFaults } from './shrink.ts';
import { confineStackTraces } from './stack-frames.ts';
import type { FailureReason } from './types.ts';

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

type ModuleBody = (module: object, exports: object, require: unknown) => void;

let body: ModuleBody | undefined;
let exported: unknown;
let loadedExercise: ExerciseGrader | undefined;

function describe(error: unknown): string {
  try {
    if (error instanceof Error) return clip(`${String(error.name)}: ${String(error.message)}`);
    return clip(`a thrown ${typeof error}: ${String(error)}`);
  } catch {
    return 'an error that cannot be described';
  }
}

const refuseImport = (name: unknown) => {
  throw new Error(
    `Submissions cannot import modules (asked for "${String(name)}"): everything a handler needs arrives in its arguments`,
  );
};

/**
 * One evaluation of the submission's module: a fresh module scope and its export. Every run, and
 * every simulated function instance within it, gets its own, as a real platform loads the code
 * anew in each execution environment.
 */
function instantiate(): unknown {
  const module = { exports: {} as Record<string, unknown> };
  body!(module, module.exports, refuseImport);
  return module.exports[loadedExercise!.exportName];
}

/** Load the submission (CommonJS text wrapped by the host) and find the exercise's export. */
function load(exercise: string, wrapped: ModuleBody): string {
  try {
    const grader = Object.hasOwn(exerciseGraders, exercise) ? exerciseGraders[exercise] : undefined;
    if (!grader) return JSON.stringify({ error: `unknown exercise ${exercise}` });
    body = wrapped;
    loadedExercise = grader;
    const value = instantiate();
    if (value === undefined)
      return JSON.stringify({
        wrongExports: `The submission does not export ${grader.exportName}`,
      });
    exported = value;
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

/**
 * One run, on a fresh module instance. The outcome is copied plainly at once and read from the
 * copy: nothing the learner's code shaped (a `toJSON`, a getter, a BigInt) reaches the answer.
 */
function runOnce(c: SandboxCase, faults: Json[], seed: number): CaseOutcome {
  try {
    const o = loadedExercise!.run(instantiate(), c.workload, faults, seed, instantiate);
    const copy = plainCopy(o) as Record<string, Json>;
    if (copy.passed === true)
      return {
        passed: true,
        message: String(copy.message),
        expected: copy.expected ?? null,
        actual: copy.actual ?? null,
      };
    return {
      passed: false,
      reason: (typeof copy.reason === 'string' ? copy.reason : 'wrong-result') as FailureReason,
      message: String(copy.message),
      expected: copy.expected ?? null,
      actual: copy.actual ?? null,
    };
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
    // A replay link's schedule is untrusted: say which field is wrong before anything runs.
    const badFaults = faultsProblem(c.faults);
    if (badFaults !== null) return JSON.stringify({ badFaults });
    return JSON.stringify({
      ok: loadedExercise!.trace(instantiate(), c.workload, c.faults, c.seed, instantiate),
    });
  } catch (error) {
    return JSON.stringify({ threw: `The run stopped: ${describe(error)}` });
  }
}

/** What is wrong with a schedule, one `faults[i].field: problem` per line, or null if it is valid. */
function faultsProblem(faults: Json[]): string | null {
  try {
    loadedExercise!.parseFaults(faults);
    return null;
  } catch (error) {
    return clip(error instanceof Error ? String(error.message) : String(error));
  }
}

function runCase(input: string): string {
  try {
    return plainJson(runSeeds(JSON.parse(input) as SandboxCase));
  } catch (error) {
    return plainJson({ threw: `The case stopped: ${describe(error)}` });
  }
}

function runSeeds(c: SandboxCase): SandboxCaseResult | undefined {
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
  return last;
}

/**
 * Before the learner's code loads: no clock and no unseeded randomness (the same code must get
 * the same grade every time), and every intrinsic of the realm frozen, so a submission cannot
 * rewrite `JSON`, `Object.prototype`, an iterator prototype or the grader's entry points to forge
 * its own result.
 */
function lockDown(): string {
  const g = globalThis as Record<string, unknown>;
  removeClocks(g);
  confineStackTraces();
  for (const name of REMOVED_GLOBALS) delete g[name];
  hardenRealm(g);
  return JSON.stringify({ ok: true });
}

Object.defineProperty(globalThis, '__streamworksGrader', {
  value: Object.freeze({ load, probe, runCase, traceCase, lockDown }),
  writable: false,
  configurable: false,
  enumerable: false,
});
