/**
 * The site's "Export progress" file as a submission: the grader takes the code it holds for the
 * exercise being graded. Only the fields needed are read, and every way the file can be wrong
 * gets a sentence naming it (the file is the student's, so it is untrusted text).
 */

/** The `format` marker the site writes into a progress file. */
export const PROGRESS_EXPORT_FORMAT = 'streamworks-progress';

/** The code for `exerciseId` in a progress file's text, or why there is none. */
export function codeFromProgressExport(
  text: string,
  exerciseId: string,
): { code: string } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'The JSON file is not valid JSON' };
  }
  const file = value as { format?: unknown; exercises?: unknown } | null;
  if (typeof file !== 'object' || file === null || file.format !== PROGRESS_EXPORT_FORMAT)
    return {
      problem: `The JSON file is not a Streamworks progress export (its "format" is not "${PROGRESS_EXPORT_FORMAT}")`,
    };
  const exercises = file.exercises;
  const entry =
    typeof exercises === 'object' && exercises !== null && Object.hasOwn(exercises, exerciseId)
      ? (exercises as Record<string, unknown>)[exerciseId]
      : undefined;
  if (entry === undefined)
    return { problem: `The progress export holds nothing for the exercise ${exerciseId}` };
  const code = (entry as { code?: unknown } | null)?.code;
  if (code === null)
    return {
      problem: `The progress export holds no code for ${exerciseId}: the starter was never changed`,
    };
  if (typeof code !== 'string')
    return { problem: `The progress export's code for ${exerciseId} is not text` };
  return { code };
}
