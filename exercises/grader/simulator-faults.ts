import type { Json } from '../../simulator/core/types.ts';
import { faultSchema } from '../../simulator/scenario/schema.ts';
import { faultProblems } from './fault-issues.ts';

/**
 * Check a schedule of simulator faults for an exercise whose world is built from a scenario:
 * each fault valid, of a kind the exercise uses, and naming only its actors. Errors name
 * `faults[i]` and the path inside it.
 */
export function parseSimulatorFaults(
  faults: readonly Json[],
  kinds: ReadonlySet<string>,
  actors: readonly string[],
): Json[] {
  return faults.map((f, i) => {
    const problems = faultProblems(faultSchema, f, i);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    const r = { data: faultSchema.parse(f) };
    if (!kinds.has(r.data.kind))
      throw new Error(`faults[${i}].kind: ${r.data.kind} is not a fault of this exercise`);
    const names = 'target' in r.data ? [r.data.target] : 'between' in r.data ? r.data.between : [];
    for (const name of names)
      if (!actors.includes(name))
        throw new Error(`faults[${i}]: "${name}" is not an actor here (${actors.join(', ')})`);
    return JSON.parse(JSON.stringify(r.data)) as Json;
  });
}
