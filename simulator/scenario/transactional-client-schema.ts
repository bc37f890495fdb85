import { z } from 'zod';
import { predicateSchema, valueMapperSchema } from '../streams/topology-schema.ts';

/**
 * A plain transactional consume–transform–produce client: KafkaConsumer (read_committed, in a
 * group) and KafkaProducer (transactional.id) in the classic exactly-once loop — poll, begin,
 * send the transformed records, sendOffsetsToTransaction(offsets, consumer.groupMetadata()),
 * commit — beside Kafka Streams. Its transform is a list of the topology DSL's stateless steps,
 * with the same named built-ins, so a spec is plain data.
 */

const ms = (what: string) => z.int().nonnegative().describe(`${what}, virtual milliseconds`);
const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, 'a topic name: letters, digits, ".", "_" or "-" (as Kafka allows)')
  .max(249);

/** One step of the transform, applied to each polled record in order. */
export const transformStepSchema = z
  .discriminatedUnion('op', [
    z.strictObject({
      op: z.literal('filter').describe('Keep records the predicate accepts'),
      predicate: predicateSchema,
    }),
    z.strictObject({
      op: z.literal('filterNot').describe('Drop records the predicate accepts'),
      predicate: predicateSchema,
    }),
    z.strictObject({
      op: z.literal('mapValues').describe('Replace the value'),
      mapper: valueMapperSchema,
    }),
  ])
  .describe('A stateless step of the transform (as the topology DSL names it)');

export const transactionalClientSchema = z
  .strictObject({
    id: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9_.-]*$/,
        'an actor id: a letter, then letters, digits, "_", "." or "-"',
      )
      .max(64)
      .describe('Actor id of the client (also its member id in the group)'),
    group: z.string().min(1).describe('group.id of its consumer'),
    topics: z.array(topicName).min(1).describe('Input topics it subscribes to'),
    outputTopic: topicName.describe('The topic it writes the transformed records to'),
    transactionalId: z
      .string()
      .min(1)
      .optional()
      .describe(
        "transactional.id of its producer (default: the actor id). One per client instance, kept across restarts; KIP-447 fences zombies by the group's generation, so it need not follow the partitions",
      ),
    transform: z
      .array(transformStepSchema)
      .default([])
      .describe('What it does to each record (empty: copy it)'),
    startAtMs: ms('When the client starts').default(0),
    assignor: z
      .enum(['range', 'roundrobin'])
      .default('range')
      .describe('partition.assignment.strategy (eager assignors)'),
    processingMs: ms('Time it spends on each record before sending its output').default(1),
    maxPollRecords: z.int().min(1).default(20).describe('max.poll.records'),
    pollIntervalMs: z
      .int()
      .positive()
      .default(10)
      .describe('Pause after a poll that returned nothing'),
    sessionTimeoutMs: z.int().positive().default(300).describe('session.timeout.ms'),
    heartbeatIntervalMs: z.int().positive().default(50).describe('heartbeat.interval.ms'),
    transactionTimeoutMs: z
      .int()
      .positive()
      .default(2000)
      .describe(
        'transaction.timeout.ms: the coordinator aborts a transaction open longer than this',
      ),
  })
  .describe(
    'A transactional consume–transform–produce client (KafkaConsumer + KafkaProducer with sendOffsetsToTransaction and the group metadata, KIP-447)',
  );

export type TransactionalClientSpec = z.output<typeof transactionalClientSchema>;
export type TransformStep = z.output<typeof transformStepSchema>;
