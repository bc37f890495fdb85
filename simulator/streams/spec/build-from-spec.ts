import type { z } from 'zod';
import type { Topology } from '../topology.ts';
import { topologySpecSchema, type TopologySpec } from '../topology-schema.ts';
import { buildParsedTopology, SpecError } from './compile-spec.ts';

export { SpecError };

/** Format zod issues as `path: message` lines, prefixed with where the document sits. */
export function formatIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, part) =>
          typeof part === 'number'
            ? `${acc}[${part}]`
            : acc
              ? `${acc}.${String(part)}`
              : String(part),
        prefix,
      );
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('\n');
}

/** Validate a topology spec (throws `SpecError` naming each bad field). */
export function parseTopologySpec(input: unknown, prefix = ''): TopologySpec {
  const result = topologySpecSchema.safeParse(input);
  if (!result.success) throw new SpecError(formatIssues(result.error, prefix));
  return result.data;
}

/**
 * Build the topology a spec describes: validate it (errors name each bad field), then make it with
 * the DSL (see `buildParsedTopology` for what it checks while building).
 */
export function buildTopologyFromSpec(input: unknown, prefix = ''): Topology {
  return buildParsedTopology(parseTopologySpec(input, prefix), prefix);
}
