import type { ActorContext } from '../core/world.ts';
import { tpKey, type SimRecord, type TopicPartition } from '../core/types.ts';
import type { FetchResponse, FetchRequest } from '../log/protocol.ts';
import { BROKER_ID } from '../log/protocol.ts';

/** One record read, with where it sits. */
export interface ReadRecord {
  topic: string;
  partition: number;
  offset: number;
  record: SimRecord;
}

/** The timer a reader's owner must route back to `onTimer` (it re-sends a fetch nobody answered). */
export const FETCH_TIMEOUT_TIMER = 'fetchTimeout';

/** The data of a fetch timeout timer. */
export interface FetchTimeout {
  tag: string;
  requestId: number;
}

/**
 * A `read_committed` fetch loop over every partition of some topics, without a consumer group:
 * the reader keeps its own positions (as `KafkaConsumer.assign` plus `seek` does), so an owner can
 * keep them beside the state they describe. One fetch is in flight at a time; the owner decides
 * when to ask again. A position below the log start (retention deleted it) moves to the log start,
 * as `auto.offset.reset=earliest` does, and the owner is told how many offsets were skipped.
 */
export class LogReader {
  private positions = new Map<string, number>();
  private highWatermarks = new Map<string, number>();
  private awaiting = -1;

  constructor(
    private readonly partitions: readonly TopicPartition[],
    private readonly maxRecords: number,
    /** Passed back with the fetch timeout timer, so an owner with several readers knows whose it is. */
    private readonly tag = '',
    /** Shared by the readers of one actor, so a response answers exactly one of them. */
    private readonly requestIds: { next: number } = { next: 1 },
    private readonly requestTimeoutMs = 200,
  ) {
    this.rewind();
  }

  /** Back to offset zero everywhere (a rebuild, or a restart with nothing kept). */
  rewind(): void {
    this.positions = new Map(this.partitions.map((tp) => [tpKey(tp.topic, tp.partition), 0]));
    this.awaiting = -1;
  }

  get inFlight(): boolean {
    return this.awaiting >= 0;
  }

  /** The next offset to read of one partition. */
  position(topic: string, partition: number): number {
    return this.positions.get(tpKey(topic, partition)) ?? 0;
  }

  /** The high watermark the last fetch reported for a partition. */
  highWatermark(topic: string, partition: number): number {
    return this.highWatermarks.get(tpKey(topic, partition)) ?? 0;
  }

  /** Whether the last fetch reached every partition's high watermark. */
  get caughtUp(): boolean {
    return this.partitions.every(
      (tp) => this.position(tp.topic, tp.partition) >= this.highWatermark(tp.topic, tp.partition),
    );
  }

  fetch(ctx: ActorContext): void {
    const requestId = this.requestIds.next++;
    this.awaiting = requestId;
    const request: FetchRequest = {
      kind: 'Fetch',
      requestId,
      isolationLevel: 'read_committed',
      maxRecords: this.maxRecords,
      partitions: this.partitions.map((tp) => ({
        ...tp,
        offset: this.position(tp.topic, tp.partition),
      })),
    };
    ctx.send(BROKER_ID, request);
    ctx.setTimer(this.requestTimeoutMs, FETCH_TIMEOUT_TIMER, {
      tag: this.tag,
      requestId,
    } satisfies FetchTimeout);
  }

  /** A fetch timed out: ask again if it is still the one awaited. Returns whether it did. */
  onTimeout(timeout: FetchTimeout, ctx: ActorContext): boolean {
    if (timeout.requestId !== this.awaiting) return false;
    this.fetch(ctx);
    return true;
  }

  /** The records a response brings (null if it answers an older fetch), positions moved past them. */
  accept(
    response: FetchResponse,
    onSkipped?: (tp: TopicPartition, from: number, to: number) => void,
  ): ReadRecord[] | null {
    if (response.requestId !== this.awaiting) return null;
    this.awaiting = -1;
    const read: ReadRecord[] = [];
    for (const p of response.partitions) {
      const key = tpKey(p.topic, p.partition);
      this.highWatermarks.set(key, p.highWatermark);
      if (p.error === 'OFFSET_OUT_OF_RANGE') {
        const from = this.positions.get(key) ?? 0;
        if (from < p.logStartOffset) {
          this.positions.set(key, p.logStartOffset);
          onSkipped?.({ topic: p.topic, partition: p.partition }, from, p.logStartOffset);
        }
        continue;
      }
      if (p.error) continue;
      for (let i = 0; i < p.records.length; i++)
        read.push({
          topic: p.topic,
          partition: p.partition,
          offset: p.offsets[i],
          record: p.records[i],
        });
      this.positions.set(key, p.nextOffset);
    }
    return read;
  }
}
