import LZString from 'lz-string';
import type { Exercise } from '../grader/exercise-data.ts';
import type { CaseResult, GradeResult } from '../grader/types.ts';

/**
 * What a class report says, as plain data computed from the grades: the score histogram, each
 * case's pass rate, the most common failure reasons, and per student a replay link into the site.
 * Rendering is `report-html.ts`; nothing here reads a clock, so a report is reproducible too.
 */

/** One student's grade, with their source when the report should link to replays. */
export interface ReportEntry {
  readonly student: string;
  readonly result: GradeResult;
  readonly source?: string;
}

export interface CaseRate {
  readonly name: string;
  readonly visibility: 'visible' | 'hidden';
  readonly weight: number;
  /** Students who passed it, of `students`. */
  readonly passed: number;
  readonly students: number;
}

export interface FailureCount {
  /** What failed: a case and its reason category, or a submission that did not run, and why. */
  readonly what: string;
  readonly students: number;
}

export interface StudentRow {
  readonly student: string;
  readonly state: GradeResult['state'];
  readonly score: number;
  readonly maxScore: number;
  readonly message: string;
  /** The failing cases: name and reason. */
  readonly failed: readonly string[];
  /** The replay of the first failing visible case, or null. */
  readonly replay: { readonly caseName: string; readonly href: string } | null;
}

export interface ClassReport {
  readonly title: string;
  readonly exercise: string;
  readonly maxScore: number;
  /** Students per score, for every score from 0 to maxScore. */
  readonly histogram: readonly { readonly score: number; readonly students: number }[];
  readonly cases: readonly CaseRate[];
  readonly failures: readonly FailureCount[];
  readonly students: readonly StudentRow[];
}

/** The longest learner code a replay link carries (the site's `MAX_REPLAY_CODE_CHARS`). */
export const MAX_REPLAY_CODE_CHARS = 50_000;

/**
 * The site's replay link for one failing case (`site/lib/link/replay-link.ts` reads it; a test
 * there keeps the two in step): the code, the case's shrunk schedule, workload and seed.
 */
export function replayHref(
  site: string,
  exercise: Exercise,
  c: CaseResult,
  code: string,
): string | null {
  const input = (c.input ?? {}) as {
    seed?: number;
    seeds?: number[];
    workload?: unknown;
    faults?: unknown[];
  };
  const seed = c.replay?.seed ?? input.seed ?? input.seeds?.[0];
  if (seed === undefined || code.length > MAX_REPLAY_CODE_CHARS) return null;
  const state = {
    v: 1,
    exercise: exercise.entry.id,
    caseName: c.name,
    code,
    workload: c.replay?.workload ?? input.workload ?? {},
    faults: [...(c.replay?.faults ?? input.faults ?? [])],
    seed,
    index: null,
    view:
      exercise.meta.kind === 'handler'
        ? 'serverless'
        : exercise.meta.kind === 'workflow' || exercise.meta.kind === 'consumer'
          ? 'log'
          : exercise.meta.kind === 'query'
            ? 'readModels'
            : 'processor',
  };
  const fragment = LZString.compressToEncodedURIComponent(JSON.stringify(state));
  return `${site.replace(/\/+$/, '')}/sandbox/#r=${fragment}`;
}

function studentRow(site: string, exercise: Exercise, e: ReportEntry): StudentRow {
  const failing = e.result.cases.filter((c) => !c.passed);
  const replayable =
    e.source === undefined ? undefined : failing.find((c) => c.visibility === 'visible');
  const href = replayable ? replayHref(site, exercise, replayable, e.source!) : null;
  return {
    student: e.student,
    state: e.result.state,
    score: e.result.score,
    maxScore: e.result.maxScore,
    message: e.result.message,
    failed: failing.map((c) => `${c.name} (${c.reason ?? 'wrong-result'})`),
    replay: replayable && href ? { caseName: replayable.name, href } : null,
  };
}

/** The most common failures: per case and reason, and per message of a submission that did not run. */
function failureCounts(entries: readonly ReportEntry[]): FailureCount[] {
  const counts = new Map<string, number>();
  const add = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  for (const { result } of entries) {
    if (result.state === 'error') add(`did not run: ${result.message}`);
    for (const c of result.cases)
      if (!c.passed) add(`${c.reason ?? 'wrong-result'} in "${c.name}"`);
  }
  return [...counts]
    .map(([what, students]) => ({ what, students }))
    .sort((a, b) => b.students - a.students || (a.what < b.what ? -1 : 1));
}

export function classReport(
  exercise: Exercise,
  entries: readonly ReportEntry[],
  site: string,
): ClassReport {
  const all = [
    ...exercise.visible.map((c) => ({ c, visibility: 'visible' as const })),
    ...exercise.hidden.map((c) => ({ c, visibility: 'hidden' as const })),
  ];
  const maxScore = all.reduce((n, { c }) => n + c.weight, 0);
  const histogram = Array.from({ length: Math.floor(maxScore) + 1 }, (_, score) => ({
    score,
    students: entries.filter((e) => Math.floor(e.result.score) === score).length,
  }));
  const cases = all.map(({ c, visibility }) => {
    // A submission that did not run has no case results: it passed none of them.
    const passed = entries.filter((e) =>
      e.result.cases.some((r) => r.name === c.name && r.passed),
    ).length;
    return { name: c.name, visibility, weight: c.weight, passed, students: entries.length };
  });
  return {
    title: exercise.entry.title,
    exercise: exercise.entry.id,
    maxScore,
    histogram,
    cases,
    failures: failureCounts(entries),
    students: entries.map((e) => studentRow(site, exercise, e)),
  };
}
