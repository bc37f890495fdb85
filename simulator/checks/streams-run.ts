import type { TraceEvent } from '../trace/events.ts';
import { buffersDrained, type BuffersDrainedOptions } from './streams-buffers-drained.ts';
import { joinComplete, type JoinCompleteOptions } from './streams-join-complete.ts';
import { restoredStoresMatchChangelog } from './streams-restored-stores.ts';
import { sameCommittedOutput, type OutputComparison } from './streams-same-output.ts';
import { earliest, PASS, type CheckVerdict } from './verdict.ts';

/** The names of the stream-processing checks, in the order `runStreamsChecks` reports them. */
export type StreamsCheckName =
  'restoredStoresMatchChangelog' | 'sameCommittedOutput' | 'joinComplete' | 'buffersDrained';

/** What the checks that need more than the trace are given; each one left out is not run. */
export interface StreamsCheckOptions {
  /** Compare the committed output of these topics with a fault-free run of the same scenario. */
  reference?: {
    /** The fault-free run's trace. */
    events: readonly TraceEvent[];
    /** The output topics to compare. */
    topics: readonly string[];
    /** `exact` for exactly once, `contains` for at least once. */
    mode: OutputComparison;
  };
  /** Stream-stream joins (with the "pair" joiner) whose completeness to check. */
  joins?: readonly JoinCompleteOptions[];
  /** Check that buffers and windows are empty once their retention has passed. */
  buffers?: BuffersDrainedOptions;
}

/** One stream-processing check's verdict, named. */
export interface NamedStreamsVerdict {
  /** Which check. */
  name: StreamsCheckName;
  /** What it found (the earliest violation over all topics or joins it covers). */
  verdict: CheckVerdict;
}

/**
 * Run the stream-processing checks over a trace: stores equal the fold of their changelogs
 * always, and the others when `options` gives what they need.
 */
export function runStreamsChecks(
  events: readonly TraceEvent[],
  options: StreamsCheckOptions = {},
): NamedStreamsVerdict[] {
  const verdicts: NamedStreamsVerdict[] = [
    { name: 'restoredStoresMatchChangelog', verdict: restoredStoresMatchChangelog(events) },
  ];
  const { reference, joins, buffers } = options;
  if (reference) {
    let verdict = PASS;
    for (const topic of reference.topics) {
      verdict = earliest(
        verdict,
        sameCommittedOutput(events, reference.events, topic, reference.mode),
      );
    }
    verdicts.push({ name: 'sameCommittedOutput', verdict });
  }
  if (joins) {
    let verdict = PASS;
    for (const join of joins) verdict = earliest(verdict, joinComplete(events, join));
    verdicts.push({ name: 'joinComplete', verdict });
  }
  if (buffers) verdicts.push({ name: 'buffersDrained', verdict: buffersDrained(events, buffers) });
  return verdicts;
}
