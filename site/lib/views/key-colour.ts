import { TABLEAU10 } from './tableau10.ts';

/** The colour of records without a key. */
export const NO_KEY_COLOUR = '#9aa0a6';

/**
 * A record key's colour: a hash of the key picks one of ten colours, so a key keeps its colour at
 * every playhead, in every view and every run (an ordinal scale would depend on the order keys
 * appear in).
 */
export function keyColour(key: string | null): string {
  if (key === null) return NO_KEY_COLOUR;
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return TABLEAU10[(hash >>> 0) % TABLEAU10.length];
}
