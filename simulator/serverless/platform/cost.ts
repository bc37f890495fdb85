import type { Prices } from '../schema.ts';

/**
 * What one invocation costs: a request, plus its billed duration times its memory (GB-ms, the
 * unit Lambda bills in: duration rounded up to the whole ms, memory in GB of 1024 MB).
 */
export function invocationCost(
  billedMs: number,
  memoryMb: number,
  prices: Prices,
): { gbMs: number; usd: number } {
  const gbMs = (billedMs * memoryMb) / 1024;
  return { gbMs, usd: prices.requestUsd + (gbMs / 1000) * prices.gbSecondUsd };
}

/** What database request units cost. */
export function databaseCost(readUnits: number, writeUnits: number, prices: Prices): number {
  return readUnits * prices.readUnitUsd + writeUnits * prices.writeUnitUsd;
}
