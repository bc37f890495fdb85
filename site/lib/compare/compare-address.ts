/**
 * The comparison a page shows, in its address (`/compare/?comparison=orders-payments`), so that a
 * reader can share the comparison they chose. The file names the workload, the designs and the
 * faults together, so its id is the whole choice. A bad value is read as the default comparison
 * with a sentence saying what was wrong, never an error.
 */

/** The query parameter that names the comparison. */
export const COMPARISON_PARAM = 'comparison';

/** What an address asks for: the comparison to show, and what was wrong with the address if anything. */
export interface AddressedComparison {
  id: string;
  /** A plain sentence for the reader when the address named no comparison this page has. */
  problem: string | null;
}

/** Reads the comparison from a `location.search` string, falling back to `fallback`. */
export function comparisonFromSearch(
  search: string,
  ids: readonly string[],
  fallback: string,
): AddressedComparison {
  const asked = new URLSearchParams(search).get(COMPARISON_PARAM);
  if (asked === null) return { id: fallback, problem: null };
  if (ids.includes(asked)) return { id: asked, problem: null };
  const named =
    asked.trim() === ''
      ? 'The address names no comparison'
      : `There is no comparison called “${shorten(asked)}”`;
  return {
    id: fallback,
    problem: `${named} (the address's ${COMPARISON_PARAM}=…); showing ${fallback} instead. The comparisons are: ${ids.join(', ')}.`,
  };
}

/** The query string that names `id`, keeping the address's other parameters. */
export function searchFor(search: string, id: string): string {
  const params = new URLSearchParams(search);
  params.set(COMPARISON_PARAM, id);
  return `?${params.toString()}`;
}

/** A value from the address is shown back cut to a readable length. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
