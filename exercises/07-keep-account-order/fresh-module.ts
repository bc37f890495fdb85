import { freshModule as load } from '../grader/fresh-module.ts';

/** A file of this exercise loaded as the sandbox loads it: a fresh `accountConsumer` per call. */
export function freshModule(file: string): () => unknown {
  return load(new URL(file, import.meta.url), 'accountConsumer');
}
