import { needsServerless, runRequest, type RunOutcome, type RunRequest } from './prepare.ts';

/**
 * The simulation worker: runs a scenario off the page's thread, so a long run never freezes it.
 * One request in, one answer out; the page terminates the worker if it takes too long. The
 * serverless engine is a chunk of its own, fetched only for a scenario that uses it.
 */
// The site's types are the page's (lib.dom); a worker's global scope is typed by hand here.
const scope = self as unknown as {
  onmessage: ((message: MessageEvent<{ id: number; request: RunRequest }>) => void) | null;
  postMessage(message: { id: number; outcome: RunOutcome }): void;
};

/** The serverless engine, loaded the first time a scenario has a serverless side. */
let serverless: Promise<unknown> | null = null;

scope.onmessage = async (message) => {
  const { id, request } = message.data;
  try {
    if (needsServerless(request))
      await (serverless ??= import('../../../simulator/serverless/engine.ts'));
    scope.postMessage({ id, outcome: runRequest(request) });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    scope.postMessage({
      id,
      outcome: { ok: false, errors: [{ path: '', message: `the simulation stopped: ${text}` }] },
    });
  }
};
