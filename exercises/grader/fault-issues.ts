import type { z } from 'zod';
import type { Json } from '../../simulator/core/types.ts';
import { describeIssue } from '../../simulator/scenario/load-issues.ts';
import { issuePath } from '../schema.ts';

/**
 * A case's (or a replay link's) fault schedule checked against an exercise's fault schema, in the
 * scenario loader's words: each problem is one line naming the field and what is wrong,
 * `faults[0].at: expected a non-negative integer (virtual ms), got -5`, never zod's raw issues.
 */

/** The lines that say what is wrong with fault `index`, or none when it is valid. */
export function faultProblems(schema: z.ZodType, fault: Json, index: number): string[] {
  const parsed = schema.safeParse(fault);
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue) =>
    describeIssue(issue, schema, fault).map((e) => {
      const path = e.path === '' ? [] : e.path.slice(1).split('/').map(segment);
      return `${faultField(index, path)}: ${e.message}`;
    }),
  );
}

/** `faults[2].between[1]`: where a problem is, as the exercises' messages write paths. */
export function faultField(index: number, path: readonly PropertyKey[]): string {
  return path.length === 0 ? `faults[${index}]` : `faults[${index}].${issuePath(path)}`;
}

/** Each fault parsed by `schema`, or one Error whose lines name every bad field. */
export function parseFaultsWith<T>(schema: z.ZodType<T>, faults: readonly Json[]): T[] {
  const problems = faults.flatMap((f, i) => faultProblems(schema, f, i));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return faults.map((f) => schema.parse(f));
}

/** A JSON pointer segment back to a key or an array index (`~1` is `/`, `~0` is `~`). */
function segment(text: string): PropertyKey {
  const key = text.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : key;
}
