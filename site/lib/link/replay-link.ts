import { z } from 'zod';
import type { Json } from '../../../simulator/core/types.ts';
import { VIEWS } from '../views/view-names.ts';
import { decodeFragment, encodeFragment } from './link-state.ts';

/**
 * "Replay this failure": a link (`#r=…`) that opens the sandbox on one graded case of an exercise
 * — the learner's code, the case's workload, the shrunk fault schedule and the seed — at the event
 * where the requirement broke. Like every link it is untrusted: validated strictly, and the code it
 * carries runs only in the learner-code sandbox (an opaque-origin worker), never in the page.
 */

/** The longest learner code a replay link carries, characters. */
export const MAX_REPLAY_CODE_CHARS = 50_000;

// zod's JSON type and the simulator's `Json` describe the same values.
const json = z.json() as unknown as z.ZodType<Json>;

const replaySchema = z.strictObject({
  /** Format version. */
  v: z.literal(1),
  /** The exercise (a manifest id). */
  exercise: z
    .string()
    .regex(/^[0-9]{2}-[a-z0-9-]+$/)
    .max(100),
  /** The case's name, shown above the replay. */
  caseName: z.string().max(300),
  /** The learner's TypeScript source. */
  code: z.string().max(MAX_REPLAY_CODE_CHARS),
  /** The case's workload. */
  workload: z.record(z.string(), json),
  /** The (shrunk) fault schedule; the exercise's grader validates each fault. */
  faults: z.array(json).max(100),
  /** The seed the case failed with. */
  seed: z.int().min(0).max(0xffff_ffff),
  /** The playhead, or null for "where it broke". */
  index: z.int().min(0).max(100_000_000).nullable(),
  /** The view in the main panel. */
  view: z.enum(VIEWS),
});

/** The state a replay link carries. */
export type ReplayState = z.output<typeof replaySchema>;

export function hasReplay(hash: string): boolean {
  return hash.startsWith('#r=');
}

export function encodeReplay(state: ReplayState): string {
  return encodeFragment('#r=', state);
}

/** Reads a replay fragment; anything wrong gets one sentence, never an exception. */
export function decodeReplay(
  hash: string,
): { ok: true; state: ReplayState } | { ok: false; message: string } {
  if (!hasReplay(hash)) return { ok: false, message: 'this link carries no replay' };
  const read = decodeFragment(hash, '#r=', replaySchema);
  return read.ok ? { ok: true, state: read.value as ReplayState } : read;
}
