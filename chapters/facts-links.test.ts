import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The text's claims about real Kafka, Kafka Streams and Lambda are checked in one place,
 * `docs/kafka-facts.md` (rendered at `/facts/`). These tests keep the text tied to it: every
 * chapter names its simplifications with links there, and every such link points at a fact that
 * exists. (The prerender checks the links of built pages too; this runs without a build.)
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const factIds = new Set(
  [...read('docs/kafka-facts.md').matchAll(/id="([a-z0-9-]+)"/g)].map((m) => m[1]),
);
const chapterFiles = readdirSync(join(root, 'chapters')).filter((f) => /^\d.*\.md$/.test(f));
const exerciseTexts = readdirSync(join(root, 'exercises'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d/.test(d.name))
  .flatMap((d) => ['instructions.md', 'discussion.md'].map((f) => `exercises/${d.name}/${f}`));
const linkedTexts = [
  ...chapterFiles.map((f) => `chapters/${f}`),
  ...exerciseTexts,
  'site/routes/glossary/+page.svelte',
];

/** Every `…/facts/#id` a text links to, with the id. */
function factLinks(text: string): string[] {
  return [...text.matchAll(/facts\/#([a-z0-9-]+)/g)].map((m) => m[1]);
}

/** The section of a chapter that names what the simulator simplifies, up to the next heading. */
function simplificationsSection(text: string): string | null {
  const start = text.search(/^## What the simulator simplifies here/m);
  if (start < 0) return null;
  const rest = text.slice(start + 1);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

describe('claims link to the facts page', () => {
  it('finds the facts and the texts it checks', () => {
    expect(factIds.size).toBeGreaterThan(20);
    expect(chapterFiles.length).toBeGreaterThan(0);
  });

  it.each(chapterFiles)('%s names its simplifications and links each to a fact', (file) => {
    const section = simplificationsSection(read(`chapters/${file}`));
    expect(section, `${file} has no "What the simulator simplifies here" section`).not.toBeNull();
    expect(
      factLinks(section!).length,
      `${file}: its simplifications link to no fact`,
    ).toBeGreaterThan(0);
  });

  it.each(linkedTexts)('%s links only to facts that exist', (path) => {
    const missing = factLinks(read(path)).filter((id) => !factIds.has(id));
    expect(missing, `${path} links to facts that docs/kafka-facts.md does not have`).toEqual([]);
  });

  it('reads links and sections as the tests above rely on', () => {
    expect(factLinks('see [it](../../facts/#txn-id-v2) and [that](/facts/#eos-scope)')).toEqual([
      'txn-id-v2',
      'eos-scope',
    ]);
    const text =
      '# T\n\n## What the simulator simplifies here\n\n- a [f](/facts/#x)\n\n## Next\n\n[g](/facts/#y)';
    expect(factLinks(simplificationsSection(text)!)).toEqual(['x']);
    expect(simplificationsSection('# no section')).toBeNull();
  });
});
