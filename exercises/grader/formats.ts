import type { CaseResult, GradeResult } from './types.ts';

/**
 * Result files in the formats graders already read: Gradescope's `results.json`, Exercism's test
 * runner `results.json` (version 2), JUnit XML, and CSV. Hidden cases give only their verdict and
 * reason category in every format.
 */

export const FORMATS = ['gradescope', 'exercism', 'junit', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** The file extension of each format's per-student file. */
export const EXTENSION: Record<Format, string> = {
  gradescope: 'json',
  exercism: 'json',
  junit: 'xml',
  csv: 'csv',
};

/**
 * `text` with every control character but tab and newline written out as `\u001b` (so a carriage
 * return cannot split a CSV row, a NUL or ESC cannot make XML ill-formed, and `ESC[2K\r` cannot
 * rewrite a terminal's line), and lone surrogates replaced, so every format can carry it.
 */
export function cleanText(text: string): string {
  return text
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

/** One line of text for a terminal or a CSV cell: cleaned, its newlines made spaces. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/[\n\t]/g, ' ');
}

/** A copy of `value` (a result, or any JSON) with every string in it cleaned. */
export function cleanJson<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => cleanJson(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[cleanText(k)] = cleanJson(v);
  return out as T;
}

/** What a learner reads about one case. */
export function caseText(c: CaseResult): string {
  if (c.passed) return 'passed';
  if (c.visibility === 'hidden') return `failed (${c.reason ?? 'wrong-result'})`;
  const lines = [`failed (${c.reason ?? 'wrong-result'}): ${c.message ?? ''}`];
  if (c.input !== undefined) lines.push(`input: ${JSON.stringify(c.input)}`);
  if (c.expected !== undefined) lines.push(`expected: ${JSON.stringify(c.expected)}`);
  if (c.actual !== undefined) lines.push(`actual: ${JSON.stringify(c.actual)}`);
  if (c.replay) lines.push(`replay: ${JSON.stringify(c.replay)}`);
  return lines.join('\n');
}

/** Gradescope's autograder `results.json`. */
export function gradescope(r: GradeResult): string {
  const tests = r.cases.map((c) => ({
    name: c.name,
    score: c.passed ? c.weight : 0,
    max_score: c.weight,
    status: c.passed ? 'passed' : 'failed',
    output: caseText(c),
    visibility: c.visibility === 'hidden' ? 'after_published' : 'visible',
  }));
  return `${JSON.stringify({ score: r.score, output: `${r.state}: ${r.message}`, tests }, null, 2)}\n`;
}

/** Exercism's test-runner `results.json`, version 2. */
export function exercism(r: GradeResult): string {
  const status = r.state === 'passing' ? 'pass' : r.state === 'failing' ? 'fail' : 'error';
  const tests = r.cases.map((c) => ({
    name: c.name,
    status: c.passed ? 'pass' : 'fail',
    ...(c.passed ? {} : { message: caseText(c) }),
  }));
  return `${JSON.stringify({ version: 2, status, ...(status === 'error' ? { message: r.message } : {}), tests }, null, 2)}\n`;
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** JUnit XML: one test suite per submission, one test case per case. */
export function junit(r: GradeResult): string {
  const suite = xml(`${r.exercise} ${r.submission}`);
  const failures = r.cases.filter((c) => !c.passed).length;
  const errors = r.state === 'error' || r.state === 'not-started' ? 1 : 0;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${r.cases.length}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="${suite}" tests="${r.cases.length}" failures="${failures}" errors="${errors}">`,
  ];
  if (errors) lines.push(`    <error message="${xml(r.message)}" type="${r.state}"/>`);
  for (const c of r.cases) {
    const head = `    <testcase name="${xml(c.name)}" classname="${xml(r.exercise)}"`;
    if (c.passed) lines.push(`${head}/>`);
    else
      lines.push(
        `${head}>`,
        `      <failure message="${xml(c.reason ?? 'wrong-result')}" type="${xml(c.reason ?? 'wrong-result')}">${xml(caseText(c))}</failure>`,
        '    </testcase>',
      );
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function csvField(value: string | number): string {
  const text = oneLine(String(value));
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The gradebook's header for an exercise with these case names. */
export function csvHeader(caseNames: readonly string[]): string {
  return ['student', 'exercise', 'state', 'score', 'max_score', 'message', ...caseNames]
    .map(csvField)
    .join(',');
}

/** One gradebook row: the student, the totals, then 1/0 per case (empty when not run). */
export function csvRow(student: string, r: GradeResult, caseNames: readonly string[]): string {
  const byName = new Map(r.cases.map((c) => [c.name, c.passed ? 1 : 0]));
  return [
    student,
    r.exercise,
    r.state,
    r.score,
    r.maxScore,
    r.message,
    ...caseNames.map((n) => byName.get(n) ?? ''),
  ]
    .map(csvField)
    .join(',');
}

/** The per-student file in `format`. */
export function render(
  format: Format,
  student: string,
  result: GradeResult,
  caseNames: readonly string[],
): string {
  const r = cleanJson(result);
  switch (format) {
    case 'gradescope':
      return gradescope(r);
    case 'exercism':
      return exercism(r);
    case 'junit':
      return junit(r);
    case 'csv':
      return `${csvHeader(caseNames)}\n${csvRow(student, r, caseNames)}\n`;
  }
}
