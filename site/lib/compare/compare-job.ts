import CompareWorker from './compare-worker.ts?worker';
import type { ScenarioError } from '../../../simulator/scenario/load.ts';

/** How long a comparison or a crossover may run before its worker is stopped, real ms. */
export const RUN_LIMIT_MS = 30_000;

/**
 * One job of the comparison worker at a time: a new `start` terminates the one in progress, and a
 * job that runs past the limit is stopped and answered with an error naming what it was.
 */
export class CompareJob<Outcome> {
  private worker: Worker | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly what: string) {}

  start(
    message: { text: string; seed: number | null; crossover?: boolean },
    done: (outcome: Outcome | { ok: false; errors: ScenarioError[] }) => void,
  ): void {
    this.stop();
    const worker = new CompareWorker();
    this.worker = worker;
    worker.onmessage = (answer: MessageEvent<Outcome>) => {
      if (this.worker !== worker) return;
      this.stop();
      done(answer.data);
    };
    this.timer = setTimeout(() => {
      this.stop();
      const text = `${this.what} took longer than ${RUN_LIMIT_MS / 1000} s and was stopped`;
      done({ ok: false, errors: [{ path: '', message: text }] });
    }, RUN_LIMIT_MS);
    worker.postMessage(message);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = null;
  }
}
