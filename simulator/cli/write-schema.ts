import { renderScenarioJsonSchema } from '../scenario/json-schema.ts';
import { isMainModule, writeTextFile } from './node-files.ts';

/** `npm run schema`: writes the published JSON Schema beside the zod schema it comes from. */

/** Where the generated file lives. */
export const scenarioSchemaFile = new URL('../scenario/scenario.schema.json', import.meta.url);

if (isMainModule(import.meta.url)) {
  writeTextFile(scenarioSchemaFile, renderScenarioJsonSchema());
  process.stdout.write(`wrote ${scenarioSchemaFile.pathname}\n`);
}
