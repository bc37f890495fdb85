import type { OutputEntry } from './outputs.ts';

/** How a design's outputs under faults differ from its outputs without them. */
export interface OutputDiff {
  /** Outputs the fault-free run also has (each copy counted at most as often as there). */
  correct: number;
  /** Copies beyond what the fault-free run has: duplicates, or values it never produced. */
  duplicates: number;
  /** Fault-free outputs missing under faults. */
  lost: number;
  /** Outputs that came after one their key's fault-free sequence puts later. */
  outOfOrder: number;
  /** How many outputs the fault-free run has. */
  expected: number;
  /** The first output that breaks exactly-once, or null. */
  firstViolation: { index: number; message: string } | null;
}

const identity = (e: OutputEntry) => JSON.stringify([e.key, e.value, e.id]);
const describe = (e: OutputEntry) =>
  `key=${e.key ?? 'null'} value=${JSON.stringify(e.value)}${e.id === null ? '' : ` id=${e.id}`}`;

/**
 * Compare outputs as sequences per key of (value, record id), ignoring timestamps: a function
 * stamps what it emits with the time of the emit, so a retry shifts every later timestamp without
 * changing what was computed. Record ids are stable across runs (see `OutputEntry.id`), so a
 * re-emitted record is a duplicate even when another record has the same value. A violation is the first extra copy (in trace order), the first output out of its
 * key's order, or, when outputs are missing, the run's last event (`lastIndex`).
 */
export function compareOutputs(
  got: readonly OutputEntry[],
  want: readonly OutputEntry[],
  lastIndex: number,
): OutputDiff {
  const wanted = new Map<string, number[]>();
  const positionInKey = new Map<string, number>();
  want.forEach((e) => {
    const k = JSON.stringify(e.key);
    const pos = positionInKey.get(k) ?? 0;
    positionInKey.set(k, pos + 1);
    const list = wanted.get(identity(e)) ?? [];
    list.push(pos);
    wanted.set(identity(e), list);
  });
  const diff: OutputDiff = {
    correct: 0,
    duplicates: 0,
    lost: 0,
    outOfOrder: 0,
    expected: want.length,
    firstViolation: null,
  };
  const flag = (index: number, message: string) => {
    if (diff.firstViolation === null || index < diff.firstViolation.index)
      diff.firstViolation = { index, message };
  };
  const used = new Map<string, number>();
  const highest = new Map<string, number>();
  for (const e of [...got].sort((a, b) => a.index - b.index)) {
    const id = identity(e);
    const n = used.get(id) ?? 0;
    const positions = wanted.get(id) ?? [];
    if (n >= positions.length) {
      diff.duplicates++;
      flag(
        e.index,
        `${describe(e)} is one copy too many: the run without faults has it ${positions.length} time(s)`,
      );
      continue;
    }
    used.set(id, n + 1);
    diff.correct++;
    const k = JSON.stringify(e.key);
    if (positions[n] < (highest.get(k) ?? -1)) {
      diff.outOfOrder++;
      flag(e.index, `${describe(e)} came after a later output for its key`);
    } else highest.set(k, positions[n]);
  }
  for (const [id, positions] of wanted) {
    const missing = positions.length - (used.get(id) ?? 0);
    if (missing <= 0) continue;
    diff.lost += missing;
    flag(lastIndex, `${describeIdentity(id)} is missing ${missing} time(s) at the end of the run`);
  }
  return diff;
}

/** Nearest-rank percentiles and the maximum of a list of latencies, or null when it is empty. */
export function latencySummary(
  values: readonly number[],
): { p50: number; p99: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
  return { p50: rank(50), p99: rank(99), max: sorted[sorted.length - 1] };
}

function describeIdentity(id: string): string {
  const [key, value, recordId] = JSON.parse(id) as [string | null, unknown, number | null];
  return `key=${key ?? 'null'} value=${JSON.stringify(value)}${recordId === null ? '' : ` id=${recordId}`}`;
}
