import type { NamedVerdict } from '../../../simulator/checks/index.ts';

/** A check as the playhead sees it. */
export interface CheckAt {
  /** The check's name. */
  name: string;
  /** What it promises, in words. */
  label: string;
  /**
   * `holds`: over the whole run; `holdsSoFar`: its first violation is still ahead of the
   * playhead; `broken`: the playhead is at or past the violation.
   */
  status: 'holds' | 'holdsSoFar' | 'broken';
  /** The violating event's index, if any. */
  index: number | null;
  /** The check's sentence about the violation, if any. */
  message: string;
}

const LABELS: Record<string, string> = {
  exactlyOnceCommitted: 'Exactly once: every committed or acknowledged record is visible once',
  nothingFromAborted: 'Nothing from an aborted transaction reaches read_committed readers',
  orderPerPartition: 'Order kept per partition',
  offsetsOnlyGrow: 'Committed offsets only grow',
  processedAtLeastOnce: 'Nothing lost: every record before a committed offset was processed',
  processedAtMostOnce: 'No record processed twice by one group',
  transformedExactlyOnce:
    "Exactly once through a transactional client: each input's output visible once, with its offset",
  balanceNeverNegative: 'No balance below zero in the log (the source of truth)',
  eventsAppendedOnce: "Every command's events in the log exactly once",
  changesPublished: 'Every change committed to the database reached the log (no lost event)',
  readModelMatchesFold: 'Every read model equals the fold of the log up to its position',
  readYourWrites: 'Read your writes: no answer from behind the reader’s own accepted command',
  rebuildEqualsLive: 'A rebuilt read model equals the live one on the same history',
  queueNothingLost:
    'Nothing lost from a queue: a message is deleted only after its function succeeded with it',
  exerciseRequirement: "The exercise's requirement (a replayed graded case)",
};

/**
 * Each check's verdict placed at the playhead. Checks judge the whole run and name the first
 * event that breaks them; before that event the check "holds so far", from it on it is broken.
 */
export function checksAt(verdicts: readonly NamedVerdict[], index: number): CheckAt[] {
  return verdicts.map(({ name, verdict }) => {
    const label = LABELS[name] ?? name;
    if (verdict.ok) return { name, label, status: 'holds', index: null, message: '' };
    return {
      name,
      label,
      status: index > verdict.index ? 'broken' : 'holdsSoFar',
      index: verdict.index,
      message: verdict.message,
    };
  });
}
