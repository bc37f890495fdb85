import type { Json, SimRecord } from '../core/types.ts';

/** Where an invocation's input record is in the log. */
export interface InputPosition {
  topic: string;
  partition: number;
  offset: number;
}

/**
 * One entry of an invocation's journal, a record of the journal topic keyed by the invocation.
 * As in Restate's journal: the invocation's input first, then one entry per completed step (the
 * step's result, by its index in the handler), then the end.
 */
export type JournalEntry =
  | { kind: 'invoked'; invocation: string; input: InputPosition; record: SimRecord }
  | { kind: 'step'; invocation: string; index: number; step: string; result: Json }
  | { kind: 'completed'; invocation: string };

/** An invocation as its journal tells it. */
export interface JournaledInvocation {
  id: string;
  input: InputPosition;
  record: SimRecord;
  /** Results of the steps journaled, by index (a hole: not journaled). */
  results: (Json | undefined)[];
  completed: boolean;
}

/** An invocation's id: its input record's place in the log, the same in every run. */
export const invocationId = (p: InputPosition) => `${p.topic}/${p.partition}/${p.offset}`;

/**
 * Reads a journal back, entry by entry in log order: every invocation it knows, in the order they
 * were invoked, with their journaled steps; and per input partition the offset to read on from
 * (past the last invocation recorded). A repeated entry (a journal append retried after a lost
 * answer) changes nothing.
 */
export function foldJournal(entries: readonly JournalEntry[]): {
  invocations: Map<string, JournaledInvocation>;
  nextOffsets: Map<string, number>;
} {
  const invocations = new Map<string, JournaledInvocation>();
  const nextOffsets = new Map<string, number>();
  for (const e of entries) {
    if (e.kind === 'invoked') {
      if (!invocations.has(e.invocation))
        invocations.set(e.invocation, {
          id: e.invocation,
          input: e.input,
          record: e.record,
          results: [],
          completed: false,
        });
      const tp = `${e.input.topic}/${e.input.partition}`;
      nextOffsets.set(tp, Math.max(nextOffsets.get(tp) ?? 0, e.input.offset + 1));
      continue;
    }
    const run = invocations.get(e.invocation);
    if (!run) continue;
    if (e.kind === 'step') run.results[e.index] = e.result;
    else run.completed = true;
  }
  return { invocations, nextOffsets };
}
