import type { ServerlessFault } from './schema.ts';

/** The fault kinds of the serverless side (see `serverlessFaultSchema`). */
export const SERVERLESS_FAULT_KINDS: readonly string[] = [
  'invocationCrash',
  'invocationTimeout',
  'instanceCrash',
  'dbThrottle',
  'dbLostReply',
];

/** True for a fault the serverless engine handles, so the main `injectFault` can hand it over. */
export function isServerlessFault(fault: { kind: string }): fault is ServerlessFault {
  return SERVERLESS_FAULT_KINDS.includes(fault.kind);
}
