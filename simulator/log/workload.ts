import type { SimRecord } from '../core/types.ts';

/**
 * What one producer's application will send, in time order: item `i` is `records[i]` for topic
 * `topics[i]` at `atMs[i]`, to `partitions[i]` (or -1: let the partitioner choose). Parallel arrays
 * keep a million-record workload to one object per record.
 */
export interface Workload {
  readonly records: SimRecord[];
  readonly topics: string[];
  readonly atMs: number[];
  readonly partitions: number[];
}

export function emptyWorkload(): Workload {
  return { records: [], topics: [], atMs: [], partitions: [] };
}
