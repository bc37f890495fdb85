import type { TranspileResult } from '../../../exercises/grader/transpile.ts';
import type { EditorDiagnostic } from './editor-diagnostics.ts';
import type { TypeCheckRequest, TypeCheckResponse } from './typecheck-protocol.ts';

type Pending = { resolve: (r: TypeCheckResponse) => void; reject: (e: Error) => void };
/** A request without its id (the client numbers them). */
type Question =
  { kind: 'check'; exerciseId: string; source: string } | { kind: 'transpile'; source: string };

/**
 * The page's side of the type-check worker. The worker (and with it TypeScript, a few MB) is
 * loaded on the first request, by a dynamic import, so pages that never ask never download it.
 */
export class TypeCheckClient {
  private worker: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** The diagnostics of the learner's file for an exercise. */
  async check(exerciseId: string, source: string): Promise<EditorDiagnostic[]> {
    const answer = await this.ask({ kind: 'check', exerciseId, source });
    if (answer.kind !== 'check') throw new Error('the type-check worker answered out of turn');
    return answer.diagnostics;
  }

  /** exercises/grader/transpile.ts's answer, computed in the worker (the page need not load TS). */
  async transpile(source: string): Promise<TranspileResult> {
    const answer = await this.ask({ kind: 'transpile', source });
    if (answer.kind !== 'transpile') throw new Error('the type-check worker answered out of turn');
    return answer.result;
  }

  /** Stop the worker; questions still open are refused. */
  dispose(): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.then((w) => w.terminate());
    this.failAll('the type checker was stopped');
  }

  private async ask(question: Question): Promise<TypeCheckResponse> {
    const worker = await this.ensureWorker();
    const id = this.nextId++;
    const request = { ...question, id } as TypeCheckRequest;
    const answer = await new Promise<TypeCheckResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
    if (answer.kind === 'failed') throw new Error(`the type checker failed: ${answer.message}`);
    return answer;
  }

  private ensureWorker(): Promise<Worker> {
    this.worker ??= import('./typecheck-worker.ts?worker').then(({ default: TypeCheckWorker }) => {
      const worker = new TypeCheckWorker({ name: 'streamworks-typecheck' });
      worker.onmessage = (message: MessageEvent<TypeCheckResponse>) => {
        const pending = this.pending.get(message.data.id);
        this.pending.delete(message.data.id);
        pending?.resolve(message.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.failAll(`the type-check worker stopped: ${event.message}`);
      };
      return worker;
    });
    return this.worker;
  }

  private failAll(message: string): void {
    for (const pending of this.pending.values()) pending.reject(new Error(message));
    this.pending.clear();
  }
}
