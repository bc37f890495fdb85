import type { Component } from 'svelte';
import {
  exerciseFrom,
  manifestFrom,
  type Exercise,
} from '../../../exercises/grader/exercise-data.ts';
import type { ManifestEntry } from '../../../exercises/schema.ts';

/**
 * The exercises as the site sees them: the same manifest, contracts and case files the command
 * line reads (parsed by the same functions), plus the texts a page shows. Hidden cases travel in
 * the page's code — a static site cannot keep a secret — but the page never shows their data;
 * an instructor who needs them secret grades on the command line with their own case files.
 */

const manifestFile = import.meta.glob('/exercises/manifest.json', {
  eager: true,
  import: 'default',
});
const jsonFiles = {
  ...import.meta.glob(['/exercises/*/cases.json', '/exercises/*/hidden-cases.json'], {
    eager: true,
    import: 'default',
  }),
  // Vite's glob skips dot folders unless told to search exhaustively.
  ...import.meta.glob('/exercises/*/.meta/config.json', {
    eager: true,
    import: 'default',
    exhaustive: true,
  }),
};
const texts = import.meta.glob(
  ['/exercises/*/starter.ts', '/exercises/*/reference.ts', '/exercises/*/hints.md'],
  { eager: true, query: '?raw', import: 'default' },
) as Record<string, string>;
const markdown = import.meta.glob([
  '/exercises/*/instructions.md',
  '/exercises/*/discussion.md',
]) as Record<string, () => Promise<{ default: Component }>>;

export const manifest = manifestFrom(manifestFile['/exercises/manifest.json']);

/** The exercises in the manifest's order. */
export const exerciseEntries: readonly ManifestEntry[] = manifest.exercises;

/** One exercise for the grader (its cases and contract), by id; undefined when unknown. */
export function siteExercise(id: string): Exercise | undefined {
  if (!manifest.exercises.some((e) => e.id === id)) return undefined;
  return exerciseFrom(manifest, id, `exercises/${id}`, (name) => {
    const value = jsonFiles[`/exercises/${id}/${name}`];
    if (value === undefined) throw new Error(`${id}/${name} is missing`);
    return value;
  });
}

/** A text file of an exercise folder (`starter.ts`, `reference.ts`, `hints.md`). */
export function exerciseText(id: string, name: 'starter.ts' | 'reference.ts' | 'hints.md'): string {
  return texts[`/exercises/${id}/${name}`] ?? '';
}

/** An exercise's instructions or discussion as a component (mdsvex). */
export function exerciseMarkdown(
  id: string,
  name: 'instructions' | 'discussion',
): Promise<{ default: Component }> | undefined {
  return markdown[`/exercises/${id}/${name}.md`]?.();
}

/**
 * The hints of `hints.md`, one per item of its numbered list, as plain text: the page reveals
 * them one at a time and renders inline code itself (never as markup).
 */
export function hintsOf(text: string): string[] {
  const hints: string[] = [];
  for (const line of text.split('\n')) {
    const item = /^\s*\d+\.\s+(.*)$/.exec(line);
    if (item) hints.push(item[1]!.trim());
    else if (hints.length > 0 && line.trim() !== '' && !line.startsWith('#'))
      hints[hints.length - 1] += ` ${line.trim()}`;
  }
  return hints;
}

/** Inline markdown of a hint as spans: text, `code`, _emphasis_ — rendered as text nodes. */
export function inlineSpans(text: string): { kind: 'text' | 'code' | 'em'; text: string }[] {
  const spans: { kind: 'text' | 'code' | 'em'; text: string }[] = [];
  const pattern = /`([^`]+)`|(?<![\w*])[_*]([^_*]+)[_*](?![\w*])/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) spans.push({ kind: 'text', text: text.slice(last, m.index) });
    spans.push(m[1] !== undefined ? { kind: 'code', text: m[1] } : { kind: 'em', text: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) spans.push({ kind: 'text', text: text.slice(last) });
  return spans;
}
