import type { DesignResult } from '../../../simulator/compare/index.ts';

/** A row of the comparison table: its label and how a design's cell reads. */
export interface CompareRow {
  label: string;
  cell: (d: DesignResult) => string;
}

const pair = (s: { p50: number; p99: number } | null | undefined) =>
  s ? `${s.p50} / ${s.p99}` : '–';

const ROWS: CompareRow[] = [
  { label: 'source of truth', cell: (d) => d.accounts?.sourceOfTruth ?? '–' },
  {
    label: 'commands accepted / rejected / unanswered',
    cell: (d) => {
      const c = d.accounts?.commands;
      return c ? `${c.accepted} / ${c.rejected} / ${c.timedOut} of ${c.sent}` : '–';
    },
  },
  { label: 'version conflicts', cell: (d) => String(d.accounts?.versionConflicts ?? '–') },
  { label: 'command latency p50 / p99 (ms)', cell: (d) => pair(d.accounts?.commandLatencyMs) },
  {
    label: 'stale reads',
    cell: (d) => (d.accounts ? `${d.accounts.staleReads} of ${d.accounts.queriesAnswered}` : '–'),
  },
  { label: 'read-model lag p50 / p99 (ms)', cell: (d) => pair(d.accounts?.readModelLagMs) },
  {
    label: 'balances below zero: source of truth / log fold',
    cell: (d) =>
      d.accounts ? `${d.accounts.invariantViolations} / ${d.accounts.logFoldBelowZero}` : '–',
  },
];

/** The accounts workload's rows, when a design of the comparison has them (else none). */
export function accountsRows(designs: readonly DesignResult[]): CompareRow[] {
  return designs.some((d) => d.accounts) ? ROWS : [];
}
