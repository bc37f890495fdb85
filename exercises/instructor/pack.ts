import { strToU8, zipSync, type Zippable } from 'fflate';
import { LEARNER_FILES } from './pack-names.ts';

export { LEARNER_FILES, packName } from './pack-names.ts';

/**
 * Exercise packs as zip files, the same in the page and on the command line. A learner pack holds
 * what a learner may see (instructions, starter, visible cases, hints); a full pack is the whole
 * exercise folder (reference solution, hidden cases, grading code) for an instructor, and is made
 * on the command line only. Files sit under `exercises/<id>/`, so unzipping a pack at the root of
 * a Streamworks checkout puts the starter where its imports resolve.
 */

/** One file of a pack: its path inside the exercise folder and its text. */
export interface PackFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Zip entries carry a date: a fixed one makes a pack's bytes depend only on its files, so the
 * same exercise gives the same zip in the page, on the command line and in a test.
 */
const PACK_DATE = new Date('2026-01-01T00:00:00Z');

/** The learner pack's files of exercise `id`, read by `read` (undefined: not in this exercise). */
export function learnerPackFiles(
  id: string,
  title: string,
  read: (name: string) => string | undefined,
): PackFile[] {
  const files: PackFile[] = [];
  for (const name of LEARNER_FILES) {
    const text = read(name);
    if (text !== undefined) files.push({ path: name, text });
  }
  if (!files.some((f) => f.path === 'starter.ts'))
    throw new Error(`${id} has no starter.ts: a learner pack needs one`);
  return [{ path: 'README.md', text: learnerReadme(id, title) }, ...files];
}

function learnerReadme(id: string, title: string): string {
  return `# ${title}

Exercise \`${id}\` of Streamworks, as a pack for learners.

- \`instructions.md\` says what to write; \`hints.md\` helps when you are stuck.
- \`starter.ts\` is where you write it. Its imports point into a Streamworks checkout: unzip this
  pack at the root of one (the files land in \`exercises/${id}/\`) to have your editor check types.
- \`cases.json\` holds the visible cases. The grade also runs hidden cases: other workloads, fault
  schedules and seeds.

Hand in \`starter.ts\` (or the file the site's "Download my solution" gives you). To try it
yourself in a checkout: \`npm run grade -- ${id} exercises/${id}/starter.ts\`.
`;
}

/** A zip of `files` under `exercises/<id>/`, byte for byte the same for the same files. */
export function packZip(id: string, files: readonly PackFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) entries[`exercises/${id}/${f.path}`] = strToU8(f.text);
  return zipSync(entries, { mtime: PACK_DATE, level: 9 });
}
