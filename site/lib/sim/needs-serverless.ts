import type { RunRequest } from './prepare.ts';
import { isServerlessFault } from '../../../simulator/serverless/fault-kinds.ts';

/**
 * Whether a run needs the serverless engine (a serverless side, or a serverless fault): the
 * worker loads it only then. A text that is not JSON needs nothing; the loader will say why.
 */
export function needsServerless(request: RunRequest): boolean {
  if (request.faults.some((f) => isServerlessFault(f))) return true;
  let value: unknown;
  try {
    value = JSON.parse(request.scenarioText);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null) return false;
  const scenario = value as { serverless?: unknown; faults?: unknown };
  if (scenario.serverless !== undefined) return true;
  return (
    Array.isArray(scenario.faults) &&
    scenario.faults.some(
      (f: unknown) =>
        typeof f === 'object' && f !== null && isServerlessFault(f as { kind: string }),
    )
  );
}
