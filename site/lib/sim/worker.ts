import { needsServerless } from './needs-serverless.ts';
import type { RunOutcome, RunRequest } from './prepare.ts';
import { runPrepared } from './run-prepared.ts';
import { postOutcome, type WorkerMessage } from './trace-transfer.ts';

/**
 * The simulation worker: runs a scenario off the page's thread, so a long run never freezes it.
 * One request in, one answer out; the page terminates the worker if it takes too long. What the
 * first run of a chapter does not need is a chunk of its own, fetched when a request needs it:
 * the loader (zod, the schema and its checks) for a scenario that is not already prepared or has
 * faults added by hand, and the serverless engine for a scenario with a serverless side.
 */
// The site's types are the page's (lib.dom); a worker's global scope is typed by hand here.
const scope = self as unknown as {
  onmessage: ((message: MessageEvent<{ id: number; request: RunRequest }>) => void) | null;
  postMessage(message: WorkerMessage): void;
};

/** The serverless engine, loaded the first time a scenario has a serverless side. */
let serverless: Promise<unknown> | null = null;
/** The scenario loader, loaded the first time a request carries a scenario to check. */
let loader: Promise<typeof import('./prepare.ts')> | null = null;

async function run(request: RunRequest): Promise<RunOutcome> {
  if (needsServerless(request))
    await (serverless ??= import('../../../simulator/serverless/engine.ts'));
  if (request.prepared && request.faults.length === 0)
    return runPrepared(request.prepared, request.seed);
  const { runRequest } = await (loader ??= import('./prepare.ts'));
  return runRequest(request);
}

scope.onmessage = async (message) => {
  const { id, request } = message.data;
  let outcome: RunOutcome;
  try {
    outcome = await run(request);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    outcome = { ok: false, errors: [{ path: '', message: `the simulation stopped: ${text}` }] };
  }
  postOutcome((m) => scope.postMessage(m), id, outcome);
};
