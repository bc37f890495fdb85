import type { EventOf, TraceEventType } from '../events.ts';
import type { RecordBook } from './record-names.ts';

/** One event as a reader reads it: a sentence, and lines to show when the reader asks for more. */
export interface Prose {
  /** One sentence, with the event's subject first. */
  text: string;
  /** What the sentence summarises (every record of a batch by name, a topology's outline). */
  details?: string[];
}

/** How a family of events is told: one function per event type. */
export type Teller<T extends TraceEventType> = {
  readonly [K in T]: (event: EventOf<K>, book: RecordBook) => Prose;
};

/** A sentence with no details. */
export const say = (text: string): Prose => ({ text });

/** `topic-partition`, as Kafka prints it. */
export const partitionName = (topic: string, partition: number): string => `${topic}-${partition}`;
