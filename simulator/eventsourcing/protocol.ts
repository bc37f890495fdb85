import type { Json } from '../core/types.ts';
import type { ConsistencyToken, QueryOutcome } from './events.ts';

/** A client asks a read model's reader for one row. */
export interface ReadModelQuery {
  kind: 'ReadModelQuery';
  queryId: string;
  readModel: string;
  key: string;
  /** Answer only once the read model has applied this offset (or "not yet" after `maxWaitMs`). */
  token: ConsistencyToken | null;
  maxWaitMs: number;
}

/** The reader's answer. */
export interface ReadModelAnswer {
  kind: 'ReadModelAnswer';
  queryId: string;
  outcome: Exclude<QueryOutcome, 'timedOut'>;
  row: Json;
  partition: number;
  position: number;
  /** Why an `unavailable` answer refused (the exception a Kafka Streams instance threw). */
  error?: string;
}
