import { z } from 'zod';
import type { Json } from '../../core/types.ts';
import { TopologyTestDriver } from '../driver/topology-test-driver.ts';
import type { StreamsTraceEvent } from '../events.ts';
import type { InMemoryKeyValueStore } from '../stores/key-value-store.ts';
import type { InMemorySessionStore } from '../stores/session-store.ts';
import type { InMemoryWindowStore } from '../stores/window-store.ts';
import { topologySpecSchema } from '../topology-schema.ts';
import type { WindowedKey } from '../types.ts';
import { buildTopologyFromSpec, formatIssues, SpecError } from './build-from-spec.ts';

const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, 'a topic name: letters, digits, ".", "_" or "-" (as Kafka allows)')
  .max(249);

export const driveInputSchema = z
  .strictObject({
    topic: topicName.describe('The input topic (one the topology reads)'),
    key: z.string().nullable().default(null).describe('Record key; null for a keyless record'),
    value: z
      .json()
      .default(null)
      .describe('Record value (any JSON); null is a tombstone for tables'),
    timestampMs: z.int().nonnegative().describe('Record timestamp (event time), ms'),
    headers: z.record(z.string(), z.string()).optional().describe('Record headers'),
  })
  .describe('One input record, piped in order');

export const wallClockAdvanceSchema = z
  .strictObject({
    afterInputs: z.int().nonnegative().describe('Advance once this many inputs have been piped'),
    advanceMs: z.int().positive().describe('How far the wall clock moves, ms'),
  })
  .describe("A move of the driver's wall clock (fires wall-clock punctuations)");

export const driveConfigSchema = z
  .strictObject({
    applicationId: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/)
      .default('drive')
      .describe('application.id: prefixes internal topic names'),
    outerJoinEmitIntervalMs: z
      .int()
      .nonnegative()
      .default(0)
      .describe('Wall-clock throttle of left/outer stream-stream join results (Kafka: 1000)'),
    initialWallClockTimeMs: z
      .int()
      .nonnegative()
      .default(0)
      .describe("Where the driver's wall clock starts, ms"),
  })
  .describe('Settings of the run');

export const driveSpecSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editors use this to find the JSON Schema'),
    topology: topologySpecSchema,
    config: driveConfigSchema.default({
      applicationId: 'drive',
      outerJoinEmitIntervalMs: 0,
      initialWallClockTimeMs: 0,
    }),
    inputs: z.array(driveInputSchema).describe('Input records, processed strictly in this order'),
    wallClockAdvances: z
      .array(wallClockAdvanceSchema)
      .default([])
      .describe('Wall-clock moves between inputs'),
    includeTrace: z.boolean().default(false).describe('Return the streams trace events too'),
  })
  .describe('A topology and the records to drive through it with the TopologyTestDriver');

export type DriveSpec = z.output<typeof driveSpecSchema>;
export type DriveSpecInput = z.input<typeof driveSpecSchema>;

/** One output record. */
export interface DriveOutputRecord {
  /** Key (windowed keys as `[key@start/end]`). */
  key: string | null;
  /** Value. */
  value: Json;
  /** Timestamp, ms. */
  timestampMs: number;
  /** The key and window of a windowed key. */
  window?: WindowedKey;
}

/** What `driveSpec` returns: plain JSON. */
export interface DriveResult {
  /** Records per output topic (sink topics; not repartition or changelog topics), in order. */
  outputs: Record<string, DriveOutputRecord[]>;
  /** The final contents of every state store, by store name. */
  stores: Record<string, Json>;
  /** The streams trace, if asked for. */
  trace?: StreamsTraceEvent[];
}

/**
 * Run a JSON document through the `TopologyTestDriver`: validate it, build the topology, pipe
 * the inputs in order (moving the wall clock where asked), and return the outputs per topic.
 * Pure: the same document gives the same result. Throws `SpecError` naming the bad field.
 */
export function driveSpec(input: unknown): DriveResult {
  const parsed = driveSpecSchema.safeParse(input);
  if (!parsed.success) throw new SpecError(formatIssues(parsed.error));
  const spec = parsed.data;
  const topology = buildTopologyFromSpec(spec.topology, 'topology');
  const sinkTopics = topology
    .nodes()
    .flatMap((n) => (n.kind === 'sink' && !topology.internalTopics.has(n.topic) ? [n.topic] : []));
  const readable = new Set(topology.sourceTopics().filter((t) => !topology.internalTopics.has(t)));
  spec.inputs.forEach((r, i) => {
    if (!readable.has(r.topic)) {
      throw new SpecError(
        `inputs[${i}].topic: "${r.topic}" is not read by the topology (it reads ${[...readable].join(', ')})`,
      );
    }
  });
  spec.wallClockAdvances.forEach((a, i) => {
    if (a.afterInputs > spec.inputs.length) {
      throw new SpecError(
        `wallClockAdvances[${i}].afterInputs: ${a.afterInputs} is more than the ${spec.inputs.length} inputs`,
      );
    }
  });
  const driver = new TopologyTestDriver(topology, {
    ...spec.config,
    recordTrace: spec.includeTrace,
  });
  const outputs = Object.fromEntries(sinkTopics.map((t) => [t, driver.createOutputTopic(t)]));
  const advance = (done: number) => {
    for (const a of spec.wallClockAdvances)
      if (a.afterInputs === done) driver.advanceWallClockTime(a.advanceMs);
  };
  advance(0);
  spec.inputs.forEach((r, i) => {
    driver.createInputTopic(r.topic).pipeInput(r.key, r.value as Json, r.timestampMs, r.headers);
    advance(i + 1);
  });
  const result: DriveResult = {
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([t, o]) => [t, o.readRecordsToList().map(toOutput)]),
    ),
    stores: storeSnapshot(
      driver,
      topology.stores().map((s) => s.name),
    ),
  };
  if (spec.includeTrace) result.trace = driver.trace;
  return result;
}

function toOutput(r: {
  key: string | null;
  value: Json;
  timestampMs: number;
  window?: WindowedKey;
}): DriveOutputRecord {
  return r.window
    ? { key: r.key, value: r.value, timestampMs: r.timestampMs, window: r.window }
    : { key: r.key, value: r.value, timestampMs: r.timestampMs };
}

function storeSnapshot(driver: TopologyTestDriver, names: string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const name of names) {
    const store = driver.getStateStore(name);
    if (!store) continue;
    if (store.kind === 'keyValue') {
      out[name] = (store as InMemoryKeyValueStore)
        .all()
        .map((e) => ({ key: e.key, value: e.value }));
    } else if (store.kind === 'window') {
      out[name] = (store as InMemoryWindowStore).all().map((e) => ({
        key: e.key,
        windowStartMs: e.windowStartMs,
        windowEndMs: e.windowEndMs,
        value: e.value,
      }));
    } else if (store.kind === 'session') {
      out[name] = (store as InMemorySessionStore)
        .all()
        .map((e) => ({ key: e.key, startMs: e.startMs, endMs: e.endMs, value: e.value }));
    }
  }
  return out;
}
