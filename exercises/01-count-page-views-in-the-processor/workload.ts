import type { Json } from '../../simulator/core/types.ts';

/**
 * The workload of exercise 01's second half, in exercise 01's own fields and defaults where they
 * mean the same (`views`, `users`, `partitions`, `intervalMs`), so the comparison can run exercise
 * 01's scenario on the very same views: one producer `site` sending `views` page views (key = the
 * user, drawn by the seed from `users`), one every `intervalMs`.
 */

/** The parsed workload of a case. */
export interface ViewsWorkload {
  /** How many page views the site sends. */
  readonly views: number;
  /** The users a view's key is drawn from. */
  readonly users: readonly string[];
  /** Partitions of `views` and of `page-view-counts`. */
  readonly partitions: number;
  /** Time between two views, ms. */
  readonly intervalMs: number;
  /** How long the run lasts, ms: long enough for the last view to be counted after the faults. */
  readonly durationMs: number;
}

/** How long after the last view a run goes on by default: rebalances and restores take time. */
export const SETTLE_MS = 3_000;

function num(raw: Record<string, Json>, key: string, fallback: number): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw new Error(`workload.${key}: a positive integer (got ${JSON.stringify(v)})`);
  return v;
}

/** Read a case's workload; a bad field is named. */
export function workloadOf(raw: Record<string, Json>): ViewsWorkload {
  const users = raw.users === undefined ? ['ann', 'bob', 'gus', 'kim'] : raw.users;
  if (!Array.isArray(users) || users.length === 0 || !users.every((u) => typeof u === 'string'))
    throw new Error('workload.users: a non-empty list of user names');
  const views = num(raw, 'views', 24);
  const intervalMs = num(raw, 'intervalMs', 50);
  return {
    views,
    users: users as string[],
    partitions: num(raw, 'partitions', 2),
    intervalMs,
    durationMs: num(raw, 'durationMs', views * intervalMs + SETTLE_MS),
  };
}

/** The site's producer as a scenario says it: exercise 01's, so the seed draws the same views. */
export function siteProducer(w: ViewsWorkload): Json {
  return {
    id: 'site',
    workload: {
      generators: [
        {
          topic: 'views',
          count: w.views,
          intervalMs: w.intervalMs,
          keys: [...w.users],
          valueKind: 'pageView',
        },
      ],
    },
  };
}
