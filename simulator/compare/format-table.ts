import type { ComparisonResult, DesignResult } from './compare.ts';

/** One row of the table: its label and how a design's cell reads. */
const rows: readonly [string, (d: DesignResult) => string][] = [
  ['kind', (d) => d.kind],
  ['state lives in', (d) => d.stateLives],
  ['output', (d) => ('topic' in d.output ? `topic ${d.output.topic}` : `table ${d.output.table}`)],
  ['faults applied', (d) => String(d.faults)],
  ['correct outputs', (d) => `${d.correct}/${d.expected}`],
  ['duplicates', (d) => String(d.duplicates)],
  ['lost', (d) => String(d.lost)],
  ['out of order', (d) => String(d.outOfOrder)],
  ['latency p50 ms', (d) => (d.latencyMs ? String(d.latencyMs.p50) : '-')],
  ['latency p99 ms', (d) => (d.latencyMs ? String(d.latencyMs.p99) : '-')],
  ['latency max ms', (d) => (d.latencyMs ? String(d.latencyMs.max) : '-')],
  ['invocations', (d) => String(d.invocations)],
  ['cold starts', (d) => String(d.coldStarts)],
  ['retries', (d) => String(d.retries)],
  ['db reads', (d) => String(d.dbReads)],
  ['db writes', (d) => String(d.dbWrites)],
  ['cost functions USD', (d) => d.cost.functionsUsd.toFixed(8)],
  ['cost processor USD', (d) => d.cost.processorUsd.toFixed(8)],
  ['cost broker USD', (d) => d.cost.brokerUsd.toFixed(8)],
  ['cost database USD', (d) => d.cost.databaseUsd.toFixed(8)],
  ['cost USD', (d) => d.costUsd.toFixed(8)],
  ['cost USD per hour', (d) => d.cost.usdPerHour.toFixed(4)],
  [
    'verdict',
    (d) => (d.firstViolation ? `violated at event #${d.firstViolation.index}` : 'exactly once'),
  ],
];

const summary = (s: { p50: number; p99: number } | null | undefined) =>
  s ? `${s.p50} / ${s.p99}` : '-';

/** Rows of the accounts workload, shown when a design has them. */
const accountsRows: readonly [string, (d: DesignResult) => string][] = [
  ['source of truth', (d) => d.accounts?.sourceOfTruth ?? '-'],
  [
    'commands ok/rejected/no answer',
    (d) => {
      const c = d.accounts?.commands;
      return c ? `${c.accepted}/${c.rejected}/${c.timedOut} of ${c.sent}` : '-';
    },
  ],
  ['version conflicts', (d) => String(d.accounts?.versionConflicts ?? '-')],
  ['command latency p50/p99 ms', (d) => summary(d.accounts?.commandLatencyMs)],
  [
    'stale reads',
    (d) => (d.accounts ? `${d.accounts.staleReads} of ${d.accounts.queriesAnswered}` : '-'),
  ],
  ['read-model lag p50/p99 ms', (d) => summary(d.accounts?.readModelLagMs)],
  ['invariant violations', (d) => String(d.accounts?.invariantViolations ?? '-')],
  ['log fold below zero', (d) => String(d.accounts?.logFoldBelowZero ?? '-')],
];

/**
 * The comparison as a text table, one column per design, then each design's first violation in
 * full. "invocations" of a stream processor or stateful functions are records processed, "cold
 * starts" task restorations and "retries" aborted transactions (see `DesignResult`).
 */
export function formatComparison(result: ComparisonResult): string {
  const header = ['', ...result.designs.map((d) => d.name)];
  const shown = result.designs.some((d) => d.accounts) ? [...accountsRows, ...rows] : rows;
  const body = shown.map(([label, cell]) => [label, ...result.designs.map(cell)]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  let text = `${result.scenario} (seed ${result.seed})\n\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`;
  for (const r of body) text += line(r) + '\n';
  const violations = result.designs.filter((d) => d.firstViolation);
  if (violations.length > 0) text += '\n';
  for (const d of violations) {
    const v = d.firstViolation!;
    text += `${d.name}: first violation at event #${v.index} (t=${v.at}ms, ${v.type}): ${v.message}\n`;
  }
  return text;
}
