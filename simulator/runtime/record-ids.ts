/**
 * The ids of `records`, as `records.map((r) => r.id)` gives them. A plain loop, and a literal for
 * the one-record list that most batches here are: `map` with a closure cost about four times as
 * much for such short lists (one per acknowledged batch and per fetched partition), and its array
 * starts with small-integer elements only to be converted for ids above 2^31.
 */
export function recordIdsOf(records: readonly { readonly id: number }[]): number[] {
  if (records.length === 1) return [records[0].id];
  const ids = new Array<number>(records.length);
  for (let i = 0; i < records.length; i++) ids[i] = records[i].id;
  return ids;
}
