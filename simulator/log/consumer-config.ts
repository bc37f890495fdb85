import type { IsolationLevel } from '../trace/events.ts';
import type { AppSpec } from './app-runner.ts';

/** What a consumer in a group is told: its client settings and its application's. */
export interface ConsumerConfig {
  id: string;
  group: string;
  topics: string[];
  isolationLevel: IsolationLevel;
  assignor: string;
  /** Commit after processing (at-least-once) or before it (at-most-once). */
  commitOrder: 'at-least-once' | 'at-most-once';
  processingMs: number;
  maxPollRecords: number;
  fetchIntervalMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  autoOffsetReset: 'earliest' | 'latest';
  requestTimeoutMs: number;
  /**
   * Application code that decides what to apply and what to commit (made anew at each start),
   * and the store its applies go to. Without it the member runs the built-in loop of `commitOrder`.
   */
  app?: AppSpec;
}
