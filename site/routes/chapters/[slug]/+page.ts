import { error } from '@sveltejs/kit';
import type { Component } from 'svelte';
import { chapters } from '../../../lib/chapter/chapters.ts';
import type { EntryGenerator, PageLoad } from './$types';

const modules = import.meta.glob('/chapters/[0-9]*.md') as Record<
  string,
  () => Promise<{ default: Component }>
>;

/** Every chapter is prerendered. */
export const entries: EntryGenerator = () => chapters.map((c) => ({ slug: c.slug }));

export const load: PageLoad = async ({ params }) => {
  const info = chapters.find((c) => c.slug === params.slug);
  const loadModule = modules[`/chapters/${params.slug}.md`];
  if (!info || !loadModule) error(404, `No chapter named ${params.slug}`);
  const module = await loadModule();
  return { info, component: module.default };
};
