import { spawn, spawnSync } from 'node:child_process';
import type { ChildInput } from './child-main.ts';
import type { ChildReport } from './assemble.ts';
import { graderBundle } from './bundle.ts';
import { DEFAULT_LIMITS, type SandboxLimits } from './limits.ts';
import type { Writable } from '../../simulator/core/types.ts';

export { DEFAULT_LIMITS, type SandboxLimits } from './limits.ts';

/**
 * The most a child may write on stdout, characters: its answers are bounded (strings clipped,
 * values cut), so more means something went wrong, and the child is stopped.
 */
export const MAX_CHILD_OUTPUT = 32 * 1024 * 1024;

/** The child's command line and its stdin. */
function childCommand(
  exercise: string,
  code: string,
  cases: readonly string[],
  limits: SandboxLimits,
) {
  const bundle = graderBundle();
  const input: ChildInput = {
    sandbox: bundle.sandbox,
    code,
    exercise,
    cases,
    timeoutMs: limits.caseTimeoutMs,
  };
  const args = [
    '--experimental-permission',
    `--allow-fs-read=${bundle.dir}`,
    `--max-old-space-size=${limits.heapMb}`,
    '--no-warnings',
    bundle.childPath,
  ];
  return { args, stdin: JSON.stringify(input) };
}

/**
 * Run already-transformed submission code in its own OS process: Node's permission model (reads
 * only the grader's bundle folder; no writes, no child processes, no workers), an empty
 * environment, a heap limit, and a wall-clock kill. Resolves with what the child said; never
 * rejects for anything the submission does.
 */
export function runInChild(
  exercise: string,
  code: string,
  cases: readonly string[],
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<ChildReport> {
  const { args, stdin } = childCommand(exercise, code, cases, limits);
  const child = spawn(process.execPath, args, { env: {}, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limits.wallClockMs);
    let overflow = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (overflow) return;
      if (stdout.length + d.length > MAX_CHILD_OUTPUT) {
        overflow = true;
        child.kill('SIGKILL');
      } else stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 100_000) stderr += d;
    });
    child.stdin.on('error', () => {}); // a child that died early closes its stdin; the exit says why
    child.stdin.end(stdin);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve(reportOf(stdout, stderr, cases.length, { status, signal, killed, overflow }));
    });
  });
}

/** The same, blocking until the child ends (for synchronous callers such as the bench harness). */
export function runInChildSync(
  exercise: string,
  code: string,
  cases: readonly string[],
  limits: SandboxLimits = DEFAULT_LIMITS,
): ChildReport {
  const { args, stdin } = childCommand(exercise, code, cases, limits);
  const r = spawnSync(process.execPath, args, {
    env: {},
    input: stdin,
    encoding: 'utf8',
    timeout: limits.wallClockMs,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_CHILD_OUTPUT,
  });
  const failure = (r.error as NodeJS.ErrnoException | undefined)?.code;
  return reportOf(r.stdout ?? '', r.stderr ?? '', cases.length, {
    status: r.status,
    signal: r.signal,
    killed: failure === 'ETIMEDOUT',
    overflow: failure === 'ENOBUFS',
  });
}

function reportOf(
  stdout: string,
  stderr: string,
  caseCount: number,
  end: {
    status: number | null;
    signal: NodeJS.Signals | null;
    killed: boolean;
    overflow: boolean;
  },
): ChildReport {
  const report: Writable<ChildReport> = {
    cases: new Array<string | undefined>(caseCount).fill(undefined),
    stderr: stderr.slice(-2000),
  };
  let done = false;
  for (const line of stdout.split('\n')) {
    const m = stepOf(line);
    if (!m) continue;
    if (m.step === 'load') report.load = m.answer;
    else if (m.step === 'probe') report.probe = m.answer;
    else if (
      m.step === 'case' &&
      Number.isInteger(m.index) &&
      m.index! >= 0 &&
      m.index! < caseCount
    )
      report.cases[m.index!] = m.answer;
    else if (m.step === 'done') done = true;
  }
  if (!done || end.status !== 0) {
    if (end.overflow) report.died = 'output';
    else if (end.killed) report.died = 'wall-clock';
    else if (/heap out of memory|heap limit/i.test(stderr)) report.died = 'out-of-memory';
    else report.died = end.signal === 'SIGKILL' ? 'out-of-memory' : 'crashed';
  }
  return report;
}

/** One line of the child's output as a step, or undefined when it is not one (cut short, say). */
function stepOf(line: string): { step: unknown; answer?: string; index?: number } | undefined {
  if (line === '') return undefined;
  try {
    const m = JSON.parse(line) as { step?: unknown; answer?: unknown; index?: unknown } | null;
    if (m === null || typeof m !== 'object') return undefined;
    return {
      step: m.step,
      answer: typeof m.answer === 'string' ? m.answer : undefined,
      index: typeof m.index === 'number' ? m.index : undefined,
    };
  } catch {
    return undefined;
  }
}
