/// <reference lib="webworker" />
import { runRequest, type RunRequest } from './prepare.ts';

/**
 * The simulation worker: runs a scenario off the page's thread, so a long run never freezes it.
 * One request in, one answer out; the page terminates the worker if it takes too long.
 */
self.onmessage = (message: MessageEvent<{ id: number; request: RunRequest }>) => {
  const { id, request } = message.data;
  try {
    self.postMessage({ id, outcome: runRequest(request) });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    self.postMessage({ id, outcome: { ok: false, errors: [{ path: '', message: `the simulation stopped: ${text}` }] } });
  }
};
