import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { sandboxBundleText } from '../../../exercises/grader/bundle.ts';
import { sandboxInputs } from '../../../exercises/grader/assemble.ts';
import { runInChild } from '../../../exercises/grader/run-submission.ts';
import { ROOMY_LIMITS, smallExercise, source } from '../../../exercises/grader/test-helpers.ts';
import { learnerLineOfError, transpileSubmission } from '../../../exercises/grader/transpile.ts';
import { workerScript, type WorkerStep } from './worker-script.ts';

/**
 * The page's worker script, run in a Node `vm` realm dressed as a worker (a global with
 * `postMessage` on its prototype and a message listener): it must parse, keep host globals from
 * learner code, and answer each step exactly as the command line's grading child does.
 */

const bundle = sandboxBundleText();

function fakeWorker(script: string) {
  const answers: { seq: number; answer: string; stack: string; file: string }[] = [];
  const waiting = new Map<number, () => void>();
  const proto = {
    postMessage(message: { seq: number; answer: string; stack: string; file: string }) {
      answers.push(message);
      waiting.get(message.seq)?.();
    },
  };
  let listener: ((event: { data: unknown }) => void) | undefined;
  const global = Object.create(proto) as Record<string, unknown>;
  Object.assign(global, {
    setTimeout,
    addEventListener: (_: string, fn: typeof listener) => (listener = fn),
    fetch: () => 'the network',
    location: { href: 'blob:null/worker' },
  });
  global.self = global;
  const context = vm.createContext(global);
  new vm.Script(script, { filename: 'blob:null/worker' }).runInContext(context);
  let seq = 0;
  return {
    answers,
    call(step: WorkerStep): Promise<string> {
      const mine = ++seq;
      return new Promise((resolve) => {
        waiting.set(mine, () => resolve(answers.at(-1)!.answer));
        listener!({ data: { ...step, seq: mine } });
      });
    },
  };
}

function cjs(path: string): string {
  return transpiled(source(path)).code;
}

function transpiled(text: string) {
  const t = transpileSubmission(text);
  if (!t.ok) throw new Error(t.message);
  return t;
}

async function workerReport(code: string, exerciseId: string, cases: readonly string[]) {
  const worker = fakeWorker(workerScript(bundle, code).text);
  const lock = await worker.call({ op: 'lockDown' });
  const load = await worker.call({ op: 'load', exercise: exerciseId });
  const probe = await worker.call({ op: 'probe' });
  const answers: string[] = [];
  for (const input of cases) answers.push(await worker.call({ op: 'case', input }));
  return { lock, load, probe, cases: answers, worker };
}

describe('the page worker script', () => {
  const exercise = smallExercise([0, 1], [0]);
  const cases = sandboxInputs(exercise);

  it('answers every step exactly as the grading child does, for a wrong solution', async () => {
    const code = cjs('01-count-page-views/fixtures/naive.ts');
    const page = await workerReport(code, exercise.entry.id, cases);
    const child = await runInChild(exercise.entry.id, code, cases, ROOMY_LIMITS);
    expect(page.lock).toBe('{"ok":true}');
    expect(page.load).toBe(child.load);
    expect(page.probe).toBe(child.probe);
    expect(page.cases).toEqual(child.cases);
    expect(page.cases.some((c) => c.includes('"passed":false'))).toBe(true);
  });

  it('answers the reference as the child does, and it passes', async () => {
    const code = cjs('01-count-page-views/reference.ts');
    const page = await workerReport(code, exercise.entry.id, cases);
    const child = await runInChild(exercise.entry.id, code, cases, ROOMY_LIMITS);
    expect(page.cases).toEqual(child.cases);
    expect(page.cases.every((c) => c.includes('"passed":true'))).toBe(true);
  });

  // (That `postMessage` is gone from the worker's global is checked in a real browser: a vm
  // realm's global does not follow deletions on its sandbox's prototype.)
  it('hides the host from learner code: fetch and self are not defined', async () => {
    const code = cjs('01-count-page-views/starter.ts').replace(
      '"use strict";',
      '"use strict"; exports.seen = []; try { fetch; } catch (e) { exports.seen.push(String(e)); } try { self; } catch (e) { exports.seen.push(String(e)); }',
    );
    const worker = fakeWorker(
      workerScript(bundle, code + '\nthrow new Error(JSON.stringify(exports.seen));').text,
    );
    await worker.call({ op: 'lockDown' });
    const load = await worker.call({ op: 'load', exercise: exercise.entry.id });
    expect(load).toContain('ReferenceError: fetch is not defined');
    expect(load).toContain('ReferenceError: self is not defined');
  });

  it('takes the host off the global object: globalThis.fetch and globalThis.location are gone too', async () => {
    const code = cjs('01-count-page-views/starter.ts');
    const probe = `\nthrow new Error('seen: ' + ['fetch', 'location', 'setTimeout', 'addEventListener'].map((n) => n + '=' + typeof globalThis[n]).join(' '));`;
    const worker = fakeWorker(workerScript(bundle, code + probe).text);
    await worker.call({ op: 'lockDown' });
    const load = await worker.call({ op: 'load', exercise: exercise.entry.id });
    expect(load).toContain(
      'seen: fetch=undefined location=undefined setTimeout=undefined addEventListener=undefined',
    );
  });

  it('in diagnosis mode, points at the learner line a handler threw from, and only then', async () => {
    const text = source('01-count-page-views/reference.ts').replace(
      /\{\n(\s*)for \(const record of event\.records\) \{\n/,
      (whole, indent: string) =>
        `${whole}${indent}  if (record.key === 'bob') throw new TypeError('no bob');\n`,
    );
    const thrownLine = text.split('\n').findIndex((l) => l.includes("'no bob'")) + 1;
    expect(thrownLine).toBeGreaterThan(0);
    const t = transpiled(text);
    for (const diagnose of [false, true]) {
      const script = workerScript(bundle, t.code, { diagnose });
      const worker = fakeWorker(script.text);
      await worker.call({ op: 'lockDown' });
      await worker.call({ op: 'load', exercise: exercise.entry.id });
      await worker.call({ op: 'probe' });
      await worker.call({ op: 'case', input: cases[0]! });
      const last = worker.answers.at(-1)!;
      expect(last.answer).toContain('no bob');
      if (!diagnose) {
        expect(last.stack).toBe('');
        continue;
      }
      const line = learnerLineOfError(last.stack, last.file, t.lineMap, script.linesBefore);
      expect(line).toBe(thrownLine);
    }
  });
});
