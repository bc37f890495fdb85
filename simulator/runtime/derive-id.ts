/**
 * Ids of records a stream processor writes. A record produced while processing input record `parent`
 * gets an id derived from the parent's id, the topic and its position among that input's outputs, so
 * reprocessing the same input (after a crash, under at-least-once) writes records with the *same*
 * ids, and the checks can tell a duplicate from a new record. 52 bits from two 32-bit FNV-1a lanes,
 * above 2^40 so they never meet workload ids.
 */
export function deriveRecordId(parent: number, salt: string, index: number): number {
  // One loop over the text, no closure: this runs for every record a processor writes, and a
  // closure per call costs an allocation (and, under tsx's keepNames, a defineProperty).
  const text = `${parent}|${salt}|${index}`;
  let lo = 0x811c9dc5;
  let hi = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    lo = Math.imul(lo ^ code, 0x01000193);
    hi = Math.imul(hi ^ code, 0x5bd1e995);
  }
  const high = (hi >>> 0) & 0xfff; // 12 bits: 2^40 * (1 + high) stays below 2^53
  return (high + 1) * 0x100_0000_0000 + ((lo >>> 0) % 0x100_0000_0000);
}
