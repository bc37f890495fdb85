import type { WorkerStep } from './worker-script.ts';

/**
 * The page's end of the learner-code sandbox: a hidden `<iframe sandbox="allow-scripts">` whose
 * document has an opaque origin (no access to the site's storage, cookies or page) and a policy
 * that allows no network, no `eval` and only `blob:` workers. Inside it a relay starts the run's
 * worker and passes steps in and answers out. The page owns every clock.
 *
 * One frame holds one run. Chromium puts a sandboxed frame in a renderer process of its own
 * (an out-of-process frame; Chromium 156 does by default), so the worker and anything it starts
 * live in that process, not in the tab's. A step past its limit gets the whole frame removed,
 * which ends that process: `Worker.terminate()` alone does not stop a worker that allocates
 * without end (measured: it went on to V8's 4 GB heap limit and took its process down seconds
 * after the call). See docs/sandbox-isolation.md.
 */

/** The frame's content security policy: scripts inline and from blobs, nothing else at all. */
export const FRAME_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:; connect-src 'none'";

/** The answer to one step: the sandbox's JSON text, or how it ended without one. */
export type StepAnswer =
  | {
      kind: 'answer';
      text: string;
      /** In diagnosis mode: the stack of the first error learner code threw, else ''. */
      stack: string;
      /** The worker script's URL, as its stack frames name it. */
      file: string;
    }
  | { kind: 'timeout' }
  | { kind: 'died'; message: string };

/**
 * The relay inside the frame, serialised into its document: it must not close over anything.
 * Messages count only from the parent. The frame runs one worker; the page removes the frame to
 * stop it.
 */
function relay(): void {
  let worker: Worker | null = null;
  addEventListener('message', (event: MessageEvent) => {
    if (event.source !== parent) return;
    const m = event.data as { op: string; script?: string };
    if (m.op === 'spawn' && worker === null) {
      const url = URL.createObjectURL(new Blob([String(m.script)], { type: 'text/javascript' }));
      const mine = new Worker(url);
      worker = mine;
      mine.onmessage = (w: MessageEvent) => {
        const d = w.data as { seq: unknown; answer: unknown; stack: unknown; file: unknown };
        parent.postMessage({ seq: d.seq, answer: d.answer, stack: d.stack, file: d.file }, '*');
      };
      mine.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        parent.postMessage({ died: String(e.message) }, '*');
      };
    } else if (worker) {
      worker.postMessage(m);
    }
  });
  parent.postMessage({ ready: true }, '*');
}

/** The frame's document. */
export function frameDocument(): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}">`,
    `</head><body><script>(${relay.toString()})();</script></body></html>`,
  ].join('');
}

/**
 * How long a new frame may take to start its relay (a new renderer process on a busy machine);
 * past it the first step is sent anyway and its own time limit decides.
 */
const FRAME_START_LIMIT_MS = 10_000;

/** A frame of one run: its element and whether its relay has started. */
interface RunFrame {
  readonly element: HTMLIFrameElement;
  readonly ready: Promise<void>;
  readonly markReady: () => void;
}

function openFrame(host: HTMLElement): RunFrame {
  const element = document.createElement('iframe');
  element.setAttribute('sandbox', 'allow-scripts');
  element.setAttribute('aria-hidden', 'true');
  element.tabIndex = -1;
  element.title = 'Learner code sandbox';
  element.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  element.srcdoc = frameDocument();
  host.appendChild(element);
  return { element, ready, markReady };
}

export class SandboxFrame {
  private run: RunFrame | null = null;
  private seq = 0;
  private waiting: { seq: number; settle: (a: StepAnswer) => void } | null = null;
  private readonly listener: (event: MessageEvent) => void;

  constructor(private readonly host: HTMLElement = document.body) {
    this.listener = (event) => {
      const run = this.run;
      // A removed frame's window is gone: nothing it sent late is taken for the current run's.
      if (!run || event.source !== run.element.contentWindow) return;
      const d = event.data as {
        ready?: unknown;
        seq?: unknown;
        answer?: unknown;
        died?: unknown;
        stack?: unknown;
        file?: unknown;
      };
      if (d?.ready === true) return run.markReady();
      const w = this.waiting;
      if (!w) return;
      if (typeof d.died === 'string') w.settle({ kind: 'died', message: d.died });
      else if (d.seq === w.seq && typeof d.answer === 'string')
        w.settle({
          kind: 'answer',
          text: d.answer,
          stack: typeof d.stack === 'string' ? d.stack : '',
          file: typeof d.file === 'string' ? d.file : '',
        });
    };
    window.addEventListener('message', this.listener);
  }

  /** Start a new frame whose worker runs `script` (the old frame, if any, is removed). */
  async spawn(script: string): Promise<void> {
    this.kill();
    const run = openFrame(this.host);
    this.run = run;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      run.ready,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, FRAME_START_LIMIT_MS))),
    ]);
    clearTimeout(timer);
    this.post({ op: 'spawn', script });
  }

  /** Run one step in the current worker; after `timeoutMs` its frame is removed. */
  call(step: WorkerStep, timeoutMs: number): Promise<StepAnswer> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
      const settle = (answer: StepAnswer) => {
        clearTimeout(timer);
        if (this.waiting?.seq === seq) this.waiting = null;
        if (answer.kind !== 'answer') this.kill();
        resolve(answer);
      };
      this.waiting = { seq, settle };
      this.post({ ...step, seq });
    });
  }

  /** Stop the run: remove its frame, which ends the frame's process and every worker in it. */
  kill(): void {
    this.run?.element.remove();
    this.run = null;
  }

  dispose(): void {
    this.kill();
    window.removeEventListener('message', this.listener);
  }

  private post(message: object): void {
    // An opaque origin has no name to address: '*' is the only target that reaches it.
    this.run?.element.contentWindow?.postMessage(message, '*');
  }
}
