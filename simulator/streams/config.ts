import { StreamsException } from './errors.ts';

/**
 * The Kafka Streams settings this layer models. Record caches are off: Kafka's
 * `statestore.cache.max.bytes` (formerly `cache.max.bytes.buffering`) is 0 here, so every update
 * of a table or an aggregation is forwarded at once, one output per input record.
 */
export interface StreamsConfig {
  /** `application.id`: prefixes internal topics (`<id>-<name>-repartition`, `<id>-<store>-changelog`). */
  readonly applicationId: string;
  /**
   * Kafka's internal `__emit.interval.ms.kstreams.outer.join.spurious.results.fix__`: at most one
   * scan of the outer-join store per this much wall-clock time. Kafka defaults to 1000 ms; we
   * default to 0 so that results depend on the data only (Kafka's own join tests set 0 too).
   */
  readonly outerJoinEmitIntervalMs: number;
}

export const defaultStreamsConfig: StreamsConfig = {
  applicationId: 'streams-app',
  outerJoinEmitIntervalMs: 0,
};

/** Fill in defaults and check the values. */
export function resolveConfig(config: Partial<StreamsConfig> = {}): StreamsConfig {
  const resolved = { ...defaultStreamsConfig, ...config };
  if (!/^[A-Za-z0-9._-]+$/.test(resolved.applicationId)) {
    throw new StreamsException(
      `application.id must be letters, digits, ".", "_" or "-" (it prefixes topic names), got "${resolved.applicationId}"`,
    );
  }
  if (
    !Number.isSafeInteger(resolved.outerJoinEmitIntervalMs) ||
    resolved.outerJoinEmitIntervalMs < 0
  ) {
    throw new StreamsException('outerJoinEmitIntervalMs must be a non-negative integer');
  }
  return resolved;
}
