import { scenarioSchema, type Scenario } from './schema.ts';
import { checkSemantics } from './load-checks.ts';
import { describeIssue, type ScenarioError, type SchemaError } from './load-issues.ts';
import { readJson, type JsonReadResult, type TextPosition } from './load-json.ts';

export type { ScenarioError } from './load-issues.ts';
export { brokerId } from './load-checks.ts';

/**
 * Loading a scenario file: JSON syntax, then the schema, then the checks across fields, with
 * every problem reported at once, each named by a JSON pointer (`/faults/2/at`) and, when the
 * text is known, its line and column. A scenario with errors is never simulated.
 */

/** The outcome of loading: a valid scenario (defaults filled in), or every error found. */
export type ScenarioLoadResult =
  | {
      ok: true;
      /** The scenario with zod's defaults applied. */
      scenario: Scenario;
      /** Legal but probably unintended things; the scenario still runs. */
      warnings: ScenarioError[];
    }
  | {
      ok: false;
      /** Every problem found, in the order they appear in the file. */
      errors: ScenarioError[];
      /** Warnings found alongside (may be empty). */
      warnings: ScenarioError[];
    };

type PositionOf = Extract<JsonReadResult, { ok: true }>['positionOf'];

/**
 * Parses and validates a scenario file's text. `source` names the file; it is not used to decide
 * anything (and never appears in the scenario), only kept for callers that format messages.
 */
export function parseScenario(text: string, source?: string): ScenarioLoadResult {
  void source;
  const read = readJson(text);
  if (!read.ok) {
    const { line, column } = read.position;
    return {
      ok: false,
      errors: [{ path: '', message: `invalid JSON: ${read.message}`, line, column }],
      warnings: [],
    };
  }
  const duplicates: SchemaError[] = read.duplicates.map(({ pointer, position }) => ({
    path: pointer,
    message: `field "${lastToken(pointer)}" appears twice in this object (JSON keeps only the last)`,
    anchor: 'key',
    ...position,
  }));
  return validate(read.value, read.positionOf, duplicates);
}

/** Validates an already-parsed value (an editor's object, a test's literal); errors carry no lines. */
export function validateScenario(input: unknown): ScenarioLoadResult {
  return validate(input, undefined, []);
}

function validate(
  input: unknown,
  positionOf: PositionOf | undefined,
  extra: SchemaError[],
): ScenarioLoadResult {
  const parsed = scenarioSchema.safeParse(input);
  const schemaErrors = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => describeIssue(issue, scenarioSchema, input));
  const semantic = checkSemantics(input);
  const covered = schemaErrors.map((error) => error.path);
  const isCovered = (path: string) => covered.some((p) => path === p || path.startsWith(p + '/'));
  const errors = [...extra, ...schemaErrors, ...semantic.errors.filter((e) => !isCovered(e.path))];
  const warnings = semantic.warnings.filter((w) => !isCovered(w.path));
  if (errors.length === 0 && parsed.success)
    return { ok: true, scenario: parsed.data, warnings: place(warnings, positionOf) };
  return { ok: false, errors: place(errors, positionOf), warnings: place(warnings, positionOf) };
}

/** Adds line and column (of the value, its field name, or its nearest existing parent) and sorts by them. */
function place(errors: SchemaError[], positionOf: PositionOf | undefined): ScenarioError[] {
  const placed = errors.map(({ anchor, ...error }, index) => {
    const position =
      error.line === undefined && positionOf ? locate(error.path, anchor, positionOf) : undefined;
    return { error: position ? { ...error, ...position } : error, index };
  });
  // Order by place in the file; the original index breaks ties, so the order is total.
  placed.sort(
    (a, b) =>
      (a.error.line ?? 0) - (b.error.line ?? 0) ||
      (a.error.column ?? 0) - (b.error.column ?? 0) ||
      a.index - b.index,
  );
  return placed.map((p) => p.error);
}

function locate(
  path: string,
  anchor: 'key' | undefined,
  positionOf: PositionOf,
): TextPosition | undefined {
  const exact = positionOf(path, anchor === 'key' ? 'key' : 'value');
  if (exact) return exact;
  for (let cut = path.lastIndexOf('/'); cut >= 0; cut = path.lastIndexOf('/', cut - 1)) {
    const parent = positionOf(path.slice(0, cut));
    if (parent) return parent;
    if (cut === 0) break;
  }
  return undefined;
}

function lastToken(pointer: string): string {
  return pointer
    .slice(pointer.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

/**
 * Renders errors (or warnings) for a terminal, one per line, in the `file:line:column:` form
 * editors and terminals turn into links:
 * `lost-ack.json:12:7: error at /faults/2/at: expected a non-negative integer (virtual ms), got -5`.
 */
export function formatErrors(
  errors: readonly ScenarioError[],
  source = 'scenario',
  severity: 'error' | 'warning' = 'error',
): string {
  return errors
    .map((error) => {
      const place = error.line === undefined ? source : `${source}:${error.line}:${error.column}`;
      const where = error.path === '' ? '' : ` at ${error.path}`;
      return `${place}: ${severity}${where}: ${error.message}\n`;
    })
    .join('');
}
