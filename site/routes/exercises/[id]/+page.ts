import { error } from '@sveltejs/kit';
import { exerciseEntries, exerciseMarkdown } from '../../../lib/grading/exercises.ts';
import type { EntryGenerator, PageLoad } from './$types';

/** Every exercise is prerendered: its instructions are readable without JavaScript. */
export const entries: EntryGenerator = () => exerciseEntries.map((e) => ({ id: e.id }));

export const load: PageLoad = async ({ params }) => {
  const entry = exerciseEntries.find((e) => e.id === params.id);
  const instructions = exerciseMarkdown(params.id, 'instructions');
  if (!entry || !instructions) error(404, `No exercise named ${params.id}`);
  return { entry, instructions: (await instructions).default };
};
