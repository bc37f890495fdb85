import { z } from 'zod';
import { scenarioSchema } from './schema.ts';

/**
 * The published JSON Schema of scenario files (draft 2020-12), generated from the zod schema, the
 * single source (`npm run schema` writes it, see cli/write-schema.ts). Editors use it for completion and checking (a scenario's
 * `"$schema"` field points at it); a test fails when the committed file is stale.
 *
 * The schema describes the *input* (`io: 'input'`): fields with defaults are optional there.
 * Checks across fields (declared topics and actors, unique ids) are not expressible in it; the
 * loader (`load.ts`) adds them.
 */

/** The schema's `$id`: a stable name, not a URL to fetch (the project has no web address of its own). */
export const scenarioSchemaId = 'urn:streamworks:scenario';

/** The JSON Schema as an object, with `$id` and `title` first for people reading the file. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return { $schema, $id: scenarioSchemaId, title: 'Streamworks scenario', ...rest };
}

/** The file's exact text: two-space indentation and a final newline. */
export function renderScenarioJsonSchema(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
