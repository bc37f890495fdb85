/**
 * The comparison runner: one workload and one fault schedule through several designs (serverless
 * functions + database, a stream processor, stateful functions), each compared with its own
 * fault-free run. See docs/compare.md.
 */
export {
  compareDesigns,
  comparisonJson,
  runDesign,
  type CompareOptions,
  type ComparisonResult,
  type DesignResult,
} from './compare.ts';
export { compareOutputs, latencySummary, type OutputDiff } from './compare-outputs.ts';
export { designKind, designScenario, stateLives, type DesignKind } from './design-scenario.ts';
export { designOutputs, type OutputEntry } from './outputs.ts';
export { formatComparison } from './format-table.ts';
export { costBasis, designCost, type CostBasis, type DesignCost } from './costs.ts';
export {
  atRate,
  crossover,
  CROSSOVER_RATES,
  CrossoverError,
  type Crossover,
  type CrossoverPoint,
} from './crossover.ts';
