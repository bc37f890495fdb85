import { createInterface } from 'node:readline';
import vm from 'node:vm';

/**
 * The child process that grades one submission. It runs under Node's permission model (no file
 * writes, no reads outside its own folder, no child processes or workers), with an empty
 * environment and a heap limit; the parent kills it after a wall-clock limit. Here it makes a
 * null-prototype `vm` context without code generation, loads the simulator-and-grader bundle, then
 * the learner's code, and runs each case with a timeout. Only strings cross between the context
 * and this process. It answers on stdout, one JSON line per step.
 */

/** What the parent sends on stdin (one JSON document). */
export interface ChildInput {
  /** The simulator-and-grader bundle (a script). */
  readonly sandbox: string;
  /** The submission, as CommonJS JavaScript (types stripped by the parent). */
  readonly code: string;
  readonly exercise: string;
  /** Per case, the JSON the sandbox's `runCase` takes. */
  readonly cases: readonly string[];
  /** The time limit of one load, probe or case run, ms. */
  readonly timeoutMs: number;
}

/** The longest answer one step may send, characters; a longer one is replaced by a refusal. */
const MAX_ANSWER = 2_000_000;

function say(message: { step: string; index?: number; answer?: string }): void {
  const answer =
    message.answer !== undefined && message.answer.length > MAX_ANSWER
      ? JSON.stringify({ threw: `the answer was larger than ${MAX_ANSWER} characters` })
      : message.answer;
  process.stdout.write(`${JSON.stringify({ ...message, answer })}\n`);
}

/** Whether the sandbox's answer says `{ ok: true }` (anything unreadable says no). */
function isOk(answer: string): boolean {
  try {
    return (JSON.parse(answer) as { ok?: unknown } | null)?.ok === true;
  } catch {
    return false;
  }
}

function call(context: vm.Context, source: string, timeoutMs: number, filename: string): string {
  try {
    const result: unknown = new vm.Script(source, { filename }).runInContext(context, {
      timeout: timeoutMs,
    });
    // The sandbox answers with strings; anything else came from code that broke out of it.
    return typeof result === 'string'
      ? result
      : JSON.stringify({ threw: 'the sandbox answered oddly' });
  } catch (error) {
    const timedOut = (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    return JSON.stringify(timedOut ? { timeout: true } : { threw: 'the code stopped the sandbox' });
  }
}

function main(input: ChildInput): void {
  const context = vm.createContext(Object.create(null) as object, {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const t = input.timeoutMs;
  new vm.Script(input.sandbox, { filename: 'streamworks-sandbox.js' }).runInContext(context);
  // Not a submission's fault if this fails: the child exits non-zero and the grade says so.
  const locked = call(context, '__streamworksGrader.lockDown()', t, 'lockdown.js');
  if (!isOk(locked)) throw new Error(`lockDown failed: ${locked}`);
  const exercise = JSON.stringify(input.exercise);
  const wrapped = `__streamworksGrader.load(${exercise}, function (module, exports, require) {\n${input.code}\n});`;
  const loaded = call(context, wrapped, t, 'submission.js');
  say({ step: 'load', answer: loaded });
  if (!isOk(loaded)) return say({ step: 'done' });
  say({ step: 'probe', answer: call(context, '__streamworksGrader.probe()', t, 'probe.js') });
  input.cases.forEach((c, index) => {
    const source = `__streamworksGrader.runCase(${JSON.stringify(c)})`;
    say({ step: 'case', index, answer: call(context, source, t, 'case.js') });
  });
  say({ step: 'done' });
}

const lines: string[] = [];
createInterface({ input: process.stdin })
  .on('line', (line) => lines.push(line))
  .on('close', () => {
    main(JSON.parse(lines.join('\n')) as ChildInput);
  });
