import type { LinkRead } from './link-state.ts';
import type { ReplayState } from './replay-link.ts';

/** What the page asks the link worker: the fragment to read. */
export interface LinkReadRequest {
  hash: string;
}

/** The link worker's answer: a workbench state (`#s=`) or a replay (`#r=`), or what is wrong. */
export type LinkReadResponse =
  | { kind: 'state'; read: LinkRead }
  | {
      kind: 'replay';
      read: { ok: true; state: ReplayState } | { ok: false; message: string };
    };

/** How long reading a link may take before the worker is stopped, real ms. */
const READ_LIMIT_MS = 10_000;

/**
 * Reads a `#s=` or `#r=` fragment in a worker of its own (loaded on demand, stopped after), so a
 * hostile link — a decompression bomb, a huge payload — never runs on the page's thread. Never
 * rejects: a worker that fails or takes too long is a message like any bad link's.
 */
export async function readLinkOffThread(hash: string): Promise<LinkReadResponse> {
  const kind = hash.startsWith('#r=') ? 'replay' : 'state';
  const failed = (message: string): LinkReadResponse => ({ kind, read: { ok: false, message } });
  const { default: LinkWorker } = await import('./link-worker.ts?worker');
  const worker = new LinkWorker({ name: 'streamworks-link-reader' });
  try {
    return await new Promise<LinkReadResponse>((resolve) => {
      const timer = setTimeout(
        () => resolve(failed(`this link took longer than ${READ_LIMIT_MS / 1000} s to read`)),
        READ_LIMIT_MS,
      );
      worker.onmessage = (message: MessageEvent<LinkReadResponse>) => {
        clearTimeout(timer);
        resolve(message.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        clearTimeout(timer);
        resolve(failed(`this link could not be read: ${event.message}`));
      };
      worker.postMessage({ hash } satisfies LinkReadRequest);
    });
  } finally {
    worker.terminate();
  }
}
