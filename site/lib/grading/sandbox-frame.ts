import type { WorkerStep } from './worker-script.ts';

/**
 * The page's end of the learner-code sandbox: a hidden `<iframe sandbox="allow-scripts">` whose
 * document has an opaque origin (no access to the site's storage, cookies or page) and a policy
 * that allows no network, no `eval` and only `blob:` workers. Inside it a relay starts one worker
 * per script and passes steps in and answers out. The page owns every clock: a step that does not
 * answer in time gets its worker killed.
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
 * Messages count only from the parent; answers carry the worker's generation, so an answer of a
 * killed worker is never taken for a newer one's.
 */
function relay(): void {
  let worker: Worker | null = null;
  let url: string | null = null;
  const stop = () => {
    worker?.terminate();
    worker = null;
    if (url) URL.revokeObjectURL(url);
    url = null;
  };
  addEventListener('message', (event: MessageEvent) => {
    if (event.source !== parent) return;
    const m = event.data as { op: string; gen: number; script?: string };
    if (m.op === 'spawn') {
      stop();
      url = URL.createObjectURL(new Blob([String(m.script)], { type: 'text/javascript' }));
      const mine = new Worker(url);
      worker = mine;
      mine.onmessage = (w: MessageEvent) => {
        const d = w.data as { seq: unknown; answer: unknown; stack: unknown; file: unknown };
        if (worker === mine)
          parent.postMessage(
            { gen: m.gen, seq: d.seq, answer: d.answer, stack: d.stack, file: d.file },
            '*',
          );
      };
      mine.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        if (worker === mine) parent.postMessage({ gen: m.gen, died: String(e.message) }, '*');
      };
    } else if (m.op === 'kill') {
      stop();
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

export class SandboxFrame {
  private readonly frame: HTMLIFrameElement;
  private readonly ready: Promise<void>;
  private gen = 0;
  private seq = 0;
  private waiting: { gen: number; seq: number; settle: (a: StepAnswer) => void } | null = null;
  private readonly listener: (event: MessageEvent) => void;

  constructor(host: HTMLElement = document.body) {
    this.frame = document.createElement('iframe');
    this.frame.setAttribute('sandbox', 'allow-scripts');
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.tabIndex = -1;
    this.frame.title = 'Learner code sandbox';
    this.frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.listener = (event) => {
      if (event.source !== this.frame.contentWindow) return;
      const d = event.data as {
        ready?: unknown;
        gen?: unknown;
        seq?: unknown;
        answer?: unknown;
        died?: unknown;
        stack?: unknown;
        file?: unknown;
      };
      if (d?.ready === true) return markReady();
      const w = this.waiting;
      if (!w || d?.gen !== w.gen) return;
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
    this.frame.srcdoc = frameDocument();
    host.appendChild(this.frame);
  }

  /** Start a new worker running `script` (the old one, if any, is killed). */
  async spawn(script: string): Promise<void> {
    await this.ready;
    this.gen++;
    this.post({ op: 'spawn', gen: this.gen, script });
  }

  /** Run one step in the current worker; after `timeoutMs` the worker is killed. */
  call(step: WorkerStep, timeoutMs: number): Promise<StepAnswer> {
    const seq = ++this.seq;
    const gen = this.gen;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
      const settle = (answer: StepAnswer) => {
        clearTimeout(timer);
        if (this.waiting?.seq === seq) this.waiting = null;
        if (answer.kind !== 'answer') this.kill();
        resolve(answer);
      };
      this.waiting = { gen, seq, settle };
      this.post({ ...step, seq, gen });
    });
  }

  /** Stop the worker (a step past its limit, or the page leaving). */
  kill(): void {
    this.gen++;
    this.post({ op: 'kill', gen: this.gen });
  }

  dispose(): void {
    this.kill();
    window.removeEventListener('message', this.listener);
    this.frame.remove();
  }

  private post(message: object): void {
    // An opaque origin has no name to address: '*' is the only target that reaches it.
    this.frame.contentWindow?.postMessage(message, '*');
  }
}
