import pageViews from '../../../simulator/scenarios/compare/page-views.json?raw';
import { designScenario, runDesign } from '../../../simulator/compare/index.ts';
import { parseScenario } from '../../../simulator/scenario/load.ts';
import type { Scenario } from '../../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';

/**
 * Traces of real runs for the views' tests (not a test file: vitest collects `*.test.ts` only).
 * Each is made once per test file, on first use.
 */

function pageViewsScenario(edit: (raw: Record<string, unknown>) => void = () => {}): Scenario {
  const raw = JSON.parse(pageViews) as Record<string, unknown>;
  edit(raw);
  const loaded = parseScenario(JSON.stringify(raw));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.scenario;
}

function designTrace(scenario: Scenario, name: string): TraceEvent[] {
  const design = scenario.designs?.find((d) => d.name === name);
  if (!design) throw new Error(`no design ${name}`);
  return runDesign(designScenario(scenario, design, true), scenario.seed);
}

let rough: TraceEvent[] | null = null;

/**
 * The page-views comparison's serverless design under every way an instance can end: a short
 * keep-alive (idle reclaims), invocations that hang to their timeout, instances and invocations
 * that crash, and the platform itself crashing.
 */
export function roughServerlessTrace(): TraceEvent[] {
  rough ??= designTrace(
    pageViewsScenario((raw) => {
      const designs = raw.designs as { name: string; serverless?: { functions: object[] } }[];
      const fn = designs.find((d) => d.name === 'serverless')!.serverless!.functions[0];
      Object.assign(fn, { keepAliveMs: 80, timeoutMs: 300 });
      const faults = raw.faults as object[];
      faults.push(
        { at: 150, kind: 'invocationTimeout', target: 'countViews', count: 2 },
        { at: 900, kind: 'instanceCrash', target: 'countViews', count: 2 },
        { at: 1500, kind: 'crash', target: 'lambda' },
        { at: 1700, kind: 'restart', target: 'lambda' },
      );
    }),
    'serverless',
  );
  return rough;
}

let processor: TraceEvent[] | null = null;

/** The page-views comparison's stream-processor design, with its crash. */
export function processorTrace(): TraceEvent[] {
  processor ??= designTrace(pageViewsScenario(), 'stream-processor');
  return processor;
}
