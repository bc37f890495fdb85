import { z } from 'zod';
import { serverlessFaultSchema, serverlessSchema } from '../serverless/schema.ts';
import { costsSchema } from './costs-schema.ts';
import { durableSchema } from '../durable/schema.ts';
import { topologySpecSchema } from '../streams/topology-schema.ts';
import {
  accountsDesignSchema,
  accountsSchema,
  rebuildProjectionFaultSchema,
} from '../eventsourcing/schema.ts';
import { transactionalClientSchema } from './transactional-client-schema.ts';

/**
 * The scenario file: one JSON document that fixes a whole run (seed, topics, workload, clients,
 * faults, duration). This zod schema is the single source: the TypeScript types are inferred from
 * it and the published JSON Schema (`scenario.schema.json`) is generated from it, with a test that
 * fails when the published file is stale. Objects are strict: an unknown field is an error, so a
 * typo never silently means "default".
 */

const ms = (what: string) => z.int().nonnegative().describe(`${what}, virtual milliseconds`);
const actorId = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]*$/,
    'an actor id: a letter, then letters, digits, "_", "." or "-"',
  )
  .max(64);
const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, 'a topic name: letters, digits, ".", "_" or "-" (as Kafka allows)')
  .max(249);

const jsonValue: z.ZodType<unknown> = z.json();

export const networkSchema = z
  .strictObject({
    latencyMs: ms('One-way latency of every link').default(1),
    jitterMs: ms('Up to this much random extra latency per message').default(0),
    lossPerMillion: z
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe('Messages lost on the wire, per million'),
  })
  .describe('The simulated network between all actors');

export const topicSchema = z
  .strictObject({
    name: topicName.describe('Topic name'),
    partitions: z.int().min(1).max(1024).default(1).describe('Number of partitions'),
    cleanupPolicy: z
      .enum(['delete', 'compact'])
      .default('delete')
      .describe('cleanup.policy: delete old records by retention, or keep the latest per key'),
    retentionMs: z
      .int()
      .positive()
      .optional()
      .describe('retention.ms: delete records older than this (delete policy)'),
    retentionRecords: z
      .int()
      .positive()
      .optional()
      .describe('Keep at most this many records per partition (stands in for retention.bytes)'),
    minCompactionLagMs: ms(
      'min.compaction.lag.ms: a record is not compacted before this age',
    ).default(0),
    deleteRetentionMs: ms('delete.retention.ms: how long a tombstone survives compaction').default(
      1000,
    ),
  })
  .describe('A topic');

export const explicitRecordSchema = z
  .strictObject({
    atMs: ms('When the application hands the record to the producer'),
    topic: topicName.describe('The topic to send to (a declared topic)'),
    key: z.string().nullable().default(null).describe('Record key; null for a keyless record'),
    value: jsonValue.default(null).describe('Record value (any JSON); null is a tombstone'),
    partition: z
      .int()
      .nonnegative()
      .optional()
      .describe('Explicit partition (skips the partitioner)'),
    headers: z.record(z.string(), z.string()).optional().describe('Record headers'),
  })
  .describe('One record, sent at a fixed time');

export const generatorSchema = z
  .strictObject({
    topic: topicName.describe('The topic to send to (a declared topic)'),
    count: z.int().min(1).max(10_000_000).describe('How many records'),
    startAtMs: ms('Time of the first record').default(0),
    intervalMs: ms('Time between records').default(1),
    keys: z
      .union([z.int().min(1), z.array(z.string()).min(1), z.null()])
      .default(8)
      .describe(
        'Keys: a count (k0..kN-1, drawn by the seed), an explicit list (drawn), or null for keyless',
      ),
    valueKind: z
      .enum(['sequence', 'amount', 'pageView'])
      .default('sequence')
      .describe('What values look like: a running number, a seeded amount, or a page-view object'),
  })
  .describe('A seeded stream of records');

export const transactionsSchema = z
  .strictObject({
    recordsPerTransaction: z.int().min(1).default(10).describe('Commit after this many records'),
    transactionTimeoutMs: z
      .int()
      .positive()
      .default(1000)
      .describe(
        'transaction.timeout.ms: the coordinator aborts a transaction open longer than this',
      ),
  })
  .describe('How a transactional producer groups its records');

export const producerSchema = z
  .strictObject({
    id: actorId.describe('Actor id of the producer'),
    startAtMs: ms('When the producer starts').default(0),
    idempotent: z.boolean().default(true).describe('enable.idempotence'),
    transactionalId: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('transactional.id; implies idempotence'),
    transactions: transactionsSchema.optional(),
    requestTimeoutMs: z.int().positive().default(200).describe('request.timeout.ms'),
    retryBackoffMs: ms('retry.backoff.ms').default(20),
    deliveryTimeoutMs: z.int().positive().default(10_000).describe('delivery.timeout.ms'),
    lingerMs: ms('linger.ms: wait this long to fill a batch').default(5),
    batchSize: z.int().min(1).max(100_000).default(100).describe('Records per batch at most'),
    workload: z
      .strictObject({
        records: z.array(explicitRecordSchema).default([]).describe('Records sent at fixed times'),
        generators: z.array(generatorSchema).default([]).describe('Seeded streams of records'),
      })
      .default({ records: [], generators: [] })
      .describe('What the application sends'),
  })
  .describe('A producer client and the application that feeds it');

export const consumerSchema = z
  .strictObject({
    id: actorId.describe('Actor id of the consumer'),
    group: z.string().min(1).describe('group.id'),
    topics: z.array(topicName).min(1).describe('Subscribed topics'),
    startAtMs: ms('When the consumer starts').default(0),
    isolationLevel: z
      .enum(['read_committed', 'read_uncommitted'])
      .default('read_uncommitted')
      .describe('isolation.level'),
    assignor: z
      .enum(['range', 'roundrobin', 'cooperative-sticky'])
      .default('range')
      .describe('partition.assignment.strategy'),
    commitOrder: z
      .enum(['at-least-once', 'at-most-once'])
      .default('at-least-once')
      .describe('Commit offsets after processing (at-least-once) or before it (at-most-once)'),
    processingMs: ms('Time the application spends on each record').default(1),
    maxPollRecords: z.int().min(1).default(50).describe('max.poll.records'),
    fetchIntervalMs: z.int().positive().default(10).describe('Pause between empty polls'),
    sessionTimeoutMs: z.int().positive().default(300).describe('session.timeout.ms'),
    heartbeatIntervalMs: z.int().positive().default(50).describe('heartbeat.interval.ms'),
    autoOffsetReset: z
      .enum(['earliest', 'latest'])
      .default('earliest')
      .describe('auto.offset.reset'),
  })
  .describe('A consumer in a group, with the application that processes what it reads');

export const applicationSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'an application.id: letters, digits, ".", "_" or "-"')
      .describe('application.id: the consumer group and the prefix of internal topics'),
    instances: z
      .array(actorId)
      .min(1)
      .describe('Actor ids of the application instances (one stream thread each)'),
    topology: topologySpecSchema.describe('The topology, as DSL operators'),
    guarantee: z
      .enum(['at_least_once', 'exactly_once_v2', 'at_most_once'])
      .default('exactly_once_v2')
      .describe(
        'processing.guarantee (at_most_once is a teaching contrast, not a Kafka Streams setting)',
      ),
    commitIntervalMs: z.int().positive().default(100).describe('commit.interval.ms'),
    transactionTimeoutMs: z
      .int()
      .positive()
      .default(1000)
      .describe(
        "transaction.timeout.ms of the instances' producers under exactly_once_v2 (Kafka Streams uses 10 s; shorter here so a hanging transaction ends within a short run)",
      ),
    startAtMs: ms('When the instances start').default(0),
    sessionTimeoutMs: z.int().positive().default(300).describe('session.timeout.ms'),
    heartbeatIntervalMs: z.int().positive().default(50).describe('heartbeat.interval.ms'),
    maxPollRecords: z.int().min(1).default(100).describe('max.poll.records'),
    pollIntervalMs: z.int().positive().default(10).describe('Pause between empty polls'),
    processingMs: ms('Time an instance spends on each record (0: a whole poll at once)').default(0),
  })
  .describe('A Kafka Streams application: a topology run by a group of instances');

export const statefulFunctionsSchema = applicationSchema
  .omit({ topology: true })
  .extend({
    ingress: z
      .array(
        z.strictObject({
          topic: topicName.describe('An ingress topic'),
          functionType: z
            .string()
            .min(1)
            .describe('The function type its records go to (the record key is the id)'),
        }),
      )
      .min(1)
      .describe('Where messages come from'),
    egress: z.array(topicName).default([]).describe('Topics the functions may emit to'),
    functions: z
      .array(
        z.strictObject({
          type: z
            .string()
            .min(1)
            .regex(/^[^/]+$/, 'a function type: no "/"')
            .describe('The function type'),
          builtin: z
            .enum([
              'countPerId',
              'matchOrderWithPayment',
              'enrichWithProfile',
              'updateAndEmit',
              'forwardTo',
            ])
            .describe('Its code, from the built-in library'),
          params: z.record(z.string(), z.json()).default({}).describe('Parameters of the built-in'),
        }),
      )
      .min(1)
      .describe('The function types and their code'),
  })
  .describe(
    'Stateful functions on the log (Flink StateFun / Restate style), run by a group of instances',
  );

const faultBase = { at: ms('When the fault fires') };

export const faultSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      ...faultBase,
      kind: z.literal('crash').describe('The actor loses its memory and stops'),
      target: actorId.describe('The actor that crashes (broker, a producer or a consumer id)'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z.literal('restart').describe('A crashed actor comes back with empty memory'),
      target: actorId.describe('The crashed actor to restart'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z.literal('pause').describe('The actor freezes, keeping its memory (a long GC pause)'),
      target: actorId.describe('The actor that freezes'),
      durationMs: z.int().positive().describe('How long the actor stays frozen'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z.literal('partition').describe('The network between two actors is cut'),
      between: z.tuple([actorId, actorId]).describe('The two sides of the cut'),
      oneWay: z.boolean().default(false).describe('Cut only first → second'),
      durationMs: z.int().positive().optional().describe('Heal after this long (never if absent)'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z.literal('lostAck').describe("The broker's acknowledgements to a producer are lost"),
      target: actorId.describe('The producer whose next acknowledgement is lost'),
      count: z.int().min(1).default(1).describe('How many acknowledgements in a row are lost'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z.literal('slowLink').describe('Messages between two actors take longer'),
      between: z.tuple([actorId, actorId]).describe('The two ends of the link'),
      extraLatencyMs: z.int().positive().describe('Latency added to each message, virtual ms'),
      oneWay: z.boolean().default(false).describe('Slow only first → second'),
      durationMs: z.int().positive().optional().describe('Recover after this long (or never)'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z.literal('messageLoss').describe('Messages between two actors are lost at random'),
      between: z.tuple([actorId, actorId]).describe('The two ends of the link'),
      lossPerMillion: z.int().min(1).max(1_000_000).describe('Messages lost, per million'),
      oneWay: z.boolean().default(false).describe('Lose only first → second'),
      durationMs: z.int().positive().optional().describe('Recover after this long (or never)'),
    }),
    ...serverlessFaultSchema.options,
    rebuildProjectionFaultSchema,
    z.strictObject({
      ...faultBase,
      kind: z
        .literal('abortTransaction')
        .describe(
          'The application aborts its open transaction (KafkaProducer.abortTransaction) and sends its records again in a new one',
        ),
      target: actorId.describe('A transactional producer'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z
        .literal('close')
        .describe(
          'The consumer closes gracefully after its current poll (KafkaConsumer.close): it sends LeaveGroup, so the group rebalances at once instead of after session.timeout.ms',
        ),
      target: actorId.describe('A consumer'),
    }),
  ])
  .describe('A fault: plain data, fired at a virtual time');

/** Where a design's result is read, to compare its run with faults against its run without. */
export const designOutputSchema = z
  .union([
    z
      .strictObject({ topic: topicName.describe('The output topic (a declared topic)') })
      .describe('Records a read_committed consumer of this topic sees'),
    z
      .strictObject({
        table: z.string().min(1).describe("A table of the design's database"),
        attribute: z
          .string()
          .min(1)
          .optional()
          .describe('Compare only this attribute of each written item (default: the whole item)'),
      })
      .describe('The items written to this database table, in write order per key'),
  ])
  .describe("Where the design's output is read");

export const designSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9_.-]*$/,
        'a design name: a letter, then letters, digits, "_", "." or "-"',
      )
      .describe('Short name of the design (a column of the comparison)'),
    description: z
      .string()
      .default('')
      .describe('What the design does and where it keeps its state'),
    applications: z
      .array(applicationSchema)
      .default([])
      .describe('Stream-processing applications of this design'),
    statefulFunctions: z
      .array(statefulFunctionsSchema)
      .default([])
      .describe('Stateful-function applications of this design'),
    serverless: serverlessSchema
      .optional()
      .describe('Serverless functions and database of this design'),
    durable: z
      .array(durableSchema)
      .default([])
      .describe('Durable-execution services of this design (handlers of journaled steps)'),
    accountsDesign: accountsDesignSchema
      .optional()
      .describe(
        'For a scenario with accounts: how this design handles the commands (replaces accounts.design)',
      ),
    output: designOutputSchema,
  })
  .describe(
    'One way to do the workload: run on the same topics, producers and faults as the others',
  );

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editors use this to find the JSON Schema'),
    name: z.string().min(1).describe('Short name of the scenario'),
    description: z.string().default('').describe('What the scenario shows'),
    seed: z.int().min(0).max(0xffff_ffff).describe('The seed: one seed, one trace'),
    durationMs: z.int().positive().max(86_400_000).describe('How long to simulate, virtual ms'),
    network: networkSchema.default({ latencyMs: 1, jitterMs: 0, lossPerMillion: 0 }),
    topics: z.array(topicSchema).min(1).describe('Topics created before anything runs'),
    producers: z.array(producerSchema).default([]).describe('Producer clients and what they send'),
    consumers: z.array(consumerSchema).default([]).describe('Consumers and their groups'),
    transactionalClients: z
      .array(transactionalClientSchema)
      .default([])
      .describe('Transactional consume–transform–produce clients (the exactly-once loop, KIP-447)'),
    applications: z
      .array(applicationSchema)
      .default([])
      .describe('Stream-processing applications (Kafka Streams)'),
    statefulFunctions: z
      .array(statefulFunctionsSchema)
      .default([])
      .describe('Stateful-function applications on the log'),
    serverless: serverlessSchema
      .optional()
      .describe('Serverless functions, their triggers and the database they call'),
    accounts: accountsSchema
      .optional()
      .describe(
        'Bank accounts: commands, events, read models and clients; event-sourced, CRUD with a dual write, or with an outbox',
      ),
    durable: z
      .array(durableSchema)
      .default([])
      .describe('Durable-execution services: handlers of steps journaled to the log'),
    faults: z.array(faultSchema).default([]).describe('The fault schedule'),
    costs: costsSchema
      .prefault({})
      .describe(
        'Assumptions of the cost model: unit prices of instances, the broker and storage (illustrative)',
      ),
    designs: z
      .array(designSchema)
      .optional()
      .describe(
        'Designs to compare (npm run sim -- compare): each runs once on this workload and fault schedule; a fault naming an actor or function a design lacks is left out of that design',
      ),
  })
  .describe('A Streamworks scenario');

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type TopicSpec = z.output<typeof topicSchema>;
export type ProducerSpec = z.output<typeof producerSchema>;
export type ConsumerSpec = z.output<typeof consumerSchema>;
export type FaultSpec = z.output<typeof faultSchema>;
export type ApplicationSpec = z.output<typeof applicationSchema>;
export type StatefulFunctionsSpec = z.output<typeof statefulFunctionsSchema>;
export type GeneratorSpec = z.output<typeof generatorSchema>;
export type DesignSpec = z.output<typeof designSchema>;
export type DesignOutput = z.output<typeof designOutputSchema>;
