import type { TraceEvent } from '../../../simulator/trace/events.ts';

/**
 * The views a workbench can show in its main panel, in tab order (keys 1–7). The stream-processor
 * and serverless views are only offered when the trace has something for them.
 */
export const VIEWS = [
  'log',
  'network',
  'groups',
  'transactions',
  'processor',
  'serverless',
  'readModels',
] as const;
/** One of `VIEWS`. */
export type ViewName = (typeof VIEWS)[number];

/** The views worth a tab for this trace: processor with instances, serverless with invocations. */
export function shownViews(events: readonly TraceEvent[]): ViewName[] {
  let tasks = false;
  let functions = false;
  let readModels = false;
  for (const e of events) {
    if (e.type === 'task.assigned') tasks = true;
    else if (e.type === 'function.invoked') functions = true;
    else if (e.type === 'projection.reset' || e.type === 'projection.restored') readModels = true;
  }
  const shown: Partial<Record<ViewName, boolean>> = {
    processor: tasks,
    serverless: functions,
    readModels,
  };
  return VIEWS.filter((v) => shown[v] ?? true);
}
