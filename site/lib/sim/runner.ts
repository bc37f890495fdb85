import SimWorker from './worker.ts?worker';
import type { RunOutcome, RunRequest } from './prepare.ts';
import { OutcomeReceiver, type WorkerMessage } from './trace-transfer.ts';

/** How long a run may take before the worker is stopped, real ms. */
const RUN_LIMIT_MS = 30_000;

/**
 * Runs scenarios in a Web Worker, one at a time: a new request supersedes the one in progress
 * (its worker is terminated), so fast clicks never pile up runs.
 */
export class SimRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending: {
    id: number;
    resolve: (o: RunOutcome) => void;
    timer: number;
    receiver: OutcomeReceiver;
  } | null = null;

  run(request: RunRequest): Promise<RunOutcome> {
    if (this.pending) this.stop('superseded');
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => this.stop('timeout'), RUN_LIMIT_MS);
      this.pending = { id, resolve, timer, receiver: new OutcomeReceiver() };
      // Plain data only: a Svelte proxy cannot be cloned into the worker.
      worker.postMessage({ id, request: JSON.parse(JSON.stringify(request)) as RunRequest });
    });
  }

  /** Stops the worker for good (when the page goes away). */
  dispose(): void {
    if (this.pending) this.stop('superseded');
    this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new SimWorker();
    // The events come in slices (see trace-transfer.ts), each message rebuilt in its own task.
    worker.onmessage = (message: MessageEvent<WorkerMessage>) => {
      const pending = this.pending;
      const data = message.data;
      if (!pending || pending.id !== data.id) return;
      // The run is over once its events come: the time limit is for simulating, not delivering.
      window.clearTimeout(pending.timer);
      if ('events' in data) return pending.receiver.add(data.events);
      this.pending = null;
      pending.resolve(pending.receiver.finish(data.outcome));
    };
    this.worker = worker;
    return worker;
  }

  private stop(why: 'timeout' | 'superseded'): void {
    const pending = this.pending;
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
    if (!pending) return;
    window.clearTimeout(pending.timer);
    const message =
      why === 'timeout'
        ? `the simulation took longer than ${RUN_LIMIT_MS / 1000} s and was stopped`
        : 'superseded by a newer run';
    pending.resolve({ ok: false, errors: [{ path: '', message }] });
  }
}
