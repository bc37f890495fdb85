import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BatchEntry } from '../grader/batch.ts';
import type { Exercise } from '../grader/exercise-files.ts';
import { readSubmission } from '../grader/submission.ts';
import {
  PLATFORMS,
  autograderName,
  autograderZip,
  type Platform,
} from '../instructor/autograder.ts';
import { packFromDisk } from '../instructor/pack-files.ts';
import { packName } from '../instructor/pack-names.ts';
import { classReport } from '../instructor/report-data.ts';
import { reportHtml } from '../instructor/report-html.ts';

/**
 * The instructor's commands of `npm run grade` beyond grading: `--pack learner|full EXERCISE` and
 * `--autograder PLATFORM EXERCISE`, each writing one zip to `--out` (returning a problem sentence
 * for a usage error, or the path it wrote), and the class report of `--report`.
 */

const PACK_KINDS = ['learner', 'full'] as const;

function writeZip(out: string, name: string, bytes: Uint8Array): string {
  mkdirSync(out, { recursive: true });
  const path = join(out, name);
  writeFileSync(path, bytes);
  return path;
}

export function writePack(
  kind: string,
  ids: readonly string[],
  out: string,
): { wrote: string } | { problem: string } {
  if (!(PACK_KINDS as readonly string[]).includes(kind))
    return { problem: `Unknown pack "${kind}"; use one of ${PACK_KINDS.join(', ')}` };
  if (ids.length !== 1) return { problem: 'Name one exercise to pack' };
  const id = ids[0]!;
  try {
    const zip = packFromDisk(id, kind as 'learner' | 'full');
    return { wrote: writeZip(out, packName(id, kind as 'learner' | 'full'), zip) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export async function writeAutograder(
  platform: string,
  ids: readonly string[],
  out: string,
): Promise<{ wrote: string } | { problem: string }> {
  if (!(PLATFORMS as readonly string[]).includes(platform))
    return { problem: `Unknown platform "${platform}"; use one of ${PLATFORMS.join(', ')}` };
  if (ids.length !== 1) return { problem: 'Name one exercise to build the autograder for' };
  const id = ids[0]!;
  let zip: Uint8Array;
  try {
    zip = await autograderZip(platform as Platform, id);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  return { wrote: writeZip(out, autograderName(platform as Platform, id), zip) };
}

/** Where replay links of a report point by default: the site as `npm start` serves it. */
export const DEFAULT_SITE = 'http://127.0.0.1:4173';

/** The site URL for replay links, or why it is not one. */
export function siteUrl(value: string | undefined): { site: string } | { problem: string } {
  const text = value ?? DEFAULT_SITE;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { site: url.href };
  } catch {
    // named below
  }
  return { problem: `--site must be the http(s) address of the Streamworks site, not "${text}"` };
}

/**
 * Writes the class report of a graded batch to `path`. The submissions are read again for their
 * code, which each student's replay link carries.
 */
export function writeReport(
  path: string,
  exercise: Exercise,
  entries: readonly BatchEntry[],
  submissions: readonly string[],
  site: string,
): void {
  const withSources = entries.map((entry, i) => {
    const read = readSubmission(submissions[i]!, exercise.meta.files.solution, exercise.entry.id);
    return 'source' in read ? { ...entry, source: read.source } : entry;
  });
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, reportHtml(classReport(exercise, withSources, site)));
}
