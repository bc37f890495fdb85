import { isServerlessFault } from '../serverless/fault-kinds.ts';
import { triggerId } from '../serverless/build.ts';
import type { DesignSpec, FaultSpec, Scenario } from '../scenario/schema.ts';

/** What a design is made of, which decides where its state lives. */
export type DesignKind = 'serverless' | 'streams' | 'statefun' | 'durable' | 'mixed';

/** The kind of a design: serverless functions, a stream processor, stateful functions, or several. */
export function designKind(design: DesignSpec): DesignKind {
  const kinds = [
    design.serverless !== undefined ? 'serverless' : null,
    design.applications.length > 0 || design.accountsDesign === 'eventSourced' ? 'streams' : null,
    design.statefulFunctions.length > 0 ? 'statefun' : null,
    design.durable.length > 0 ? 'durable' : null,
  ].filter((k) => k !== null);
  return kinds.length === 1 ? (kinds[0] as DesignKind) : 'mixed';
}

const stateLivesByKind: Record<Exclude<DesignKind, 'mixed'>, string> = {
  serverless: 'external database',
  streams: 'state stores + changelog topics',
  statefun: 'function state in the log',
  durable: 'a journal of steps in the log',
};

/** Where a design keeps its state, in a few words (the comparison's "state" row). */
export function stateLives(design: DesignSpec): string {
  const parts: string[] = [];
  if (design.serverless !== undefined) parts.push(stateLivesByKind.serverless);
  if (design.accountsDesign === 'eventSourced')
    parts.push('the events topic (a state store caches its fold)');
  else if (design.applications.length > 0) parts.push(stateLivesByKind.streams);
  if (design.statefulFunctions.length > 0) parts.push(stateLivesByKind.statefun);
  if (design.durable.length > 0) parts.push(stateLivesByKind.durable);
  return parts.join('; ') || 'none';
}

/** The scenario's accounts part with the design's way of handling commands. */
function accountsOf(scenario: Scenario, design: DesignSpec): Scenario['accounts'] {
  if (!scenario.accounts || design.accountsDesign === undefined) return scenario.accounts;
  return { ...scenario.accounts, design: design.accountsDesign };
}

/**
 * Everything a fault of this design may name: the shared actors (broker, producers, consumers,
 * the scenario's own applications), the design's instances, and its serverless functions,
 * platform, database and triggers.
 */
function namesOf(scenario: Scenario, design: DesignSpec): Set<string> {
  const names = new Set<string>(['broker']);
  for (const p of scenario.producers) names.add(p.id);
  for (const c of scenario.consumers) names.add(c.id);
  for (const app of [
    ...scenario.applications,
    ...scenario.statefulFunctions,
    ...design.applications,
    ...design.statefulFunctions,
  ]) {
    for (const id of app.instances) names.add(id);
  }
  for (const d of [...scenario.durable, ...design.durable]) names.add(d.instance);
  const accounts = accountsOf(scenario, design);
  if (accounts) {
    if (accounts.design === 'eventSourced')
      for (const id of accounts.processor.instances) names.add(id);
    for (const rm of accounts.readModels) names.add(rm.host);
    for (const c of accounts.clients) names.add(c.id);
  }
  const serverless = design.serverless ?? scenario.serverless;
  if (serverless) {
    names.add(serverless.platformId);
    names.add(serverless.database.id);
    for (const f of serverless.functions) names.add(f.name);
    for (const t of serverless.triggers) names.add(triggerId(t));
  }
  return names;
}

/** Whether every actor or function a fault names exists in the design. */
function faultFits(fault: FaultSpec, names: Set<string>): boolean {
  if (isServerlessFault(fault)) return names.has(fault.target);
  return 'target' in fault ? names.has(fault.target) : fault.between.every((id) => names.has(id));
}

/**
 * The scenario one design runs: the shared workload (topics, producers, consumers, the scenario's
 * own applications) plus the design's applications, stateful functions and serverless side, and
 * the faults that name only things the design has (a crash of a Streams instance means nothing to
 * the serverless design, and `invocationCrash` nothing to the stream processor). `withFaults`
 * false gives the same run without any fault: the design's reference.
 */
export function designScenario(
  scenario: Scenario,
  design: DesignSpec,
  withFaults: boolean,
): Scenario {
  const names = namesOf(scenario, design);
  return {
    ...scenario,
    name: `${scenario.name}/${design.name}`,
    applications: [...scenario.applications, ...design.applications],
    statefulFunctions: [...scenario.statefulFunctions, ...design.statefulFunctions],
    durable: [...scenario.durable, ...design.durable],
    serverless: design.serverless ?? scenario.serverless,
    accounts: accountsOf(scenario, design),
    faults: withFaults ? scenario.faults.filter((f) => faultFits(f, names)) : [],
    designs: undefined,
  };
}
