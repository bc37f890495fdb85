/** Records one poll returned for one partition. */
export interface Chunk {
  topic: string;
  partition: number;
  offsets: number[];
  recordIds: number[];
  nextOffset: number;
}

/** Records whose processing has just ended, from one partition, in offset order. */
export interface Processed {
  topic: string;
  partition: number;
  offsets: number[];
  recordIds: number[];
}

/**
 * The records of a poll that a consumer's built-in loop has not processed yet, in order. Each
 * takes `processingMs` and has its side effect when its time is up, so a crash part-way leaves some
 * done and some not, as in a real application; with `processingMs` 0 a whole chunk is done at once.
 */
export class PendingRecords {
  private chunks: Chunk[] = [];

  replace(chunks: Chunk[]): void {
    this.chunks = chunks;
  }

  clear(): void {
    this.chunks = [];
  }

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  /** Take the records whose processing ends now: one record, or its whole chunk at once. */
  take(processingMs: number): Processed {
    const chunk = this.chunks[0];
    const whole = processingMs === 0 || chunk.offsets.length === 1;
    const taken: Processed = {
      topic: chunk.topic,
      partition: chunk.partition,
      offsets: whole ? chunk.offsets : chunk.offsets.slice(0, 1),
      recordIds: whole ? chunk.recordIds : chunk.recordIds.slice(0, 1),
    };
    if (whole) this.chunks.shift();
    else {
      chunk.offsets = chunk.offsets.slice(1);
      chunk.recordIds = chunk.recordIds.slice(1);
    }
    return taken;
  }
}
