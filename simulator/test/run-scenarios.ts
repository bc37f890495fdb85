import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';

/** The example scenarios shipped in `simulator/scenarios/`, parsed, by file name (without `.json`). */
export function exampleScenarios(): { name: string; scenario: Scenario }[] {
  const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ''),
      scenario: scenarioSchema.parse(JSON.parse(readFileSync(join(folder, f), 'utf8'))),
    }));
}
