import { z } from 'zod';
import { queueSchema, queueTriggerSchema } from './queue-schema.ts';

/**
 * The serverless side's configuration as zod schemas, for the lead to plug into the scenario
 * schema: the database and its tables, functions, triggers (event source mappings), schedules,
 * prices, and the serverless faults. Objects are strict and every field says what it is. Names
 * follow AWS (Lambda's CreateEventSourceMapping and CreateFunction, DynamoDB), with seconds turned
 * into virtual milliseconds and a `Ms` suffix. Defaults are AWS's where AWS has one; where it has
 * none, or its value would make a short teaching run show nothing, the field says so.
 */

const ms = (what: string) => z.int().nonnegative().describe(`${what}, virtual milliseconds`);
const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a name: a letter, then letters, digits, "_", "." or "-"')
  .max(64);
const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, 'a topic name: letters, digits, ".", "_" or "-" (as Kafka allows)')
  .max(249);
const perMillion = (what: string) =>
  z.int().min(0).max(1_000_000).default(0).describe(`${what}, per million`);

export const dbItemSchema = z
  .strictObject({
    key: z.string().describe('The partition key'),
    item: z.record(z.string(), z.json()).describe('The attributes'),
  })
  .describe('An item present when the run starts');

export const dbTableSchema = z
  .strictObject({
    name: name.describe('Table name'),
    ttlAttribute: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Time to live: an item whose attribute of this name holds a time (virtual ms) expires then',
      ),
    items: z.array(dbItemSchema).default([]).describe('Items present when the run starts'),
  })
  .describe('A DynamoDB-style table: items by a string partition key');

export const databaseSchema = z
  .strictObject({
    id: name.default('db').describe('Actor id of the database'),
    latencyMs: ms(
      'One-way network latency between the platform and the database (DynamoDB answers in single-digit ms)',
    ).default(2),
    tables: z
      .array(dbTableSchema)
      .default([])
      .describe('Tables (one a function names must be declared here)'),
    throttlePerMillion: perMillion(
      'Requests refused with ProvisionedThroughputExceededException at random',
    ),
    ttlSweepIntervalMs: z
      .int()
      .positive()
      .default(1000)
      .describe(
        'How often expired items are deleted; until then reads still return them, as in DynamoDB (which takes up to days)',
      ),
    costReportIntervalMs: z
      .int()
      .positive()
      .default(100)
      .describe('At most one database cost.accrued event per this many virtual ms'),
  })
  .describe('The external key-value database (DynamoDB-style)');

export const dbClientSchema = z
  .strictObject({
    maxAttempts: z
      .int()
      .min(1)
      .max(10)
      .default(3)
      .describe('Attempts per request, the first included (the AWS SDK standard retry mode: 3)'),
    retryBaseDelayMs: ms(
      'Backoff before a retry: this, doubled per attempt (the SDK adds jitter; here none)',
    ).default(25),
    requestTimeoutMs: z
      .int()
      .positive()
      .default(1000)
      .describe(
        'Give up waiting for a reply after this long (the SDK has none by default: it would wait until the function times out)',
      ),
  })
  .describe("The database client inside a function (the AWS SDK's retry behaviour)");

export const functionSchema = z
  .strictObject({
    name: name.describe('FunctionName'),
    handler: name.describe(
      'A handler from the built-in library, by name (e.g. countPageViewsNaive)',
    ),
    handlerOptions: z
      .record(z.string(), z.json())
      .default({})
      .describe('Options for the handler (tables, topics); each library handler documents its own'),
    memoryMb: z
      .int()
      .min(128)
      .max(10_240)
      .default(128)
      .describe('MemorySize, MB (AWS default 128); used for cost'),
    timeoutMs: z
      .int()
      .min(1)
      .max(900_000)
      .default(3000)
      .describe('Timeout: the handler is killed after this long (AWS default 3 s)'),
    reservedConcurrency: z
      .int()
      .min(0)
      .nullable()
      .default(null)
      .describe(
        'ReservedConcurrentExecutions: at most this many instances run at once; null: the account limit',
      ),
    initDurationMs: ms(
      'Init phase of a cold start (AWS does not fix it; typically 100 ms to 1 s)',
    ).default(200),
    keepAliveMs: z
      .int()
      .positive()
      .default(300_000)
      .describe(
        'An idle instance is reclaimed after this long (AWS does not document it; minutes are typical)',
      ),
    dbClient: dbClientSchema
      .prefault({})
      .describe("The database client inside a function (the AWS SDK's retry behaviour)"),
  })
  .describe('A function: its handler, memory, timeout and concurrency');

export const triggerSchema = z
  .strictObject({
    id: name
      .optional()
      .describe(
        'The mapping id: its actor id and Kafka consumer group id (default esm-<function>-<topic>)',
      ),
    function: name.describe('FunctionName of the function to invoke'),
    topic: topicName.describe(
      'Topics: the one topic to read (a Kafka event source mapping reads one)',
    ),
    startingPosition: z
      .enum(['TRIM_HORIZON', 'LATEST'])
      .default('TRIM_HORIZON')
      .describe('Where to start without a committed offset: the oldest record or the end'),
    batchSize: z
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('BatchSize: records per invocation at most (default 100)'),
    maximumBatchingWindowMs: ms(
      'MaximumBatchingWindowInSeconds: wait this long to fill a batch (500 ms is the Kafka default)',
    )
      .max(300_000)
      .default(500),
    parallelizationFactor: z
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe(
        'ParallelizationFactor (Kinesis): batches in flight per partition, records of one key kept in order',
      ),
    bisectBatchOnFunctionError: z
      .boolean()
      .default(false)
      .describe('BisectBatchOnFunctionError: split a failed batch in two and retry each'),
    maximumRetryAttempts: z
      .int()
      .min(-1)
      .max(10_000)
      .default(-1)
      .describe(
        'MaximumRetryAttempts after the first: -1 is infinite (10 when an on-failure destination is set, as for Kafka)',
      ),
    maximumRecordAgeMs: z
      .int()
      .min(-1)
      .default(-1)
      .describe(
        'MaximumRecordAgeInSeconds: older records are not sent but given up; -1 is infinite (AWS allows 60 s to 7 days)',
      ),
    functionResponseTypes: z
      .array(z.literal('ReportBatchItemFailures'))
      .default([])
      .describe(
        'FunctionResponseTypes: ReportBatchItemFailures lets a handler report the records that failed',
      ),
    destinationConfig: z
      .strictObject({
        onFailure: z
          .strictObject({
            destination: z
              .string()
              .regex(
                /^(kafka:\/\/)?[A-Za-z0-9._-]+$/,
                'a topic, as kafka://<topic> or just <topic>',
              )
              .describe(
                'The dead-letter topic (kafka://<topic>); failed records are produced there with failure metadata',
              ),
          })
          .describe('OnFailure'),
      })
      .optional()
      .describe('DestinationConfig'),
    retryBackoffMs: ms(
      'Wait before retrying after a function error (AWS does not document one)',
    ).default(100),
    throttleBackoffMs: ms(
      'First wait after a throttled invoke; doubles per throttle up to 32 times this',
    ).default(100),
    pollIntervalMs: z
      .int()
      .positive()
      .default(100)
      .describe('Wait between fetches that returned nothing (the poller is internal to AWS)'),
  })
  .describe(
    'An event source mapping: polls a topic as a consumer group and invokes a function with batches',
  );

export const scheduleSchema = z
  .strictObject({
    function: name.describe('FunctionName to invoke'),
    rateMs: z
      .int()
      .positive()
      .describe('Invoke every this many virtual ms (an EventBridge rate expression)'),
    startAtMs: ms('First invocation').optional(),
  })
  .describe(
    'A schedule that invokes a function with an empty batch (no retries: the next tick runs again)',
  );

export const pricesSchema = z
  .strictObject({
    requestUsd: z
      .number()
      .nonnegative()
      .default(0.0000002)
      .describe('Per invocation (Lambda: $0.20 per million requests)'),
    gbSecondUsd: z
      .number()
      .nonnegative()
      .default(0.0000166667)
      .describe('Per GB-second of duration (Lambda x86)'),
    readUnitUsd: z
      .number()
      .nonnegative()
      .default(0.000000125)
      .describe('Per read request unit (DynamoDB on-demand: $0.125 per million)'),
    writeUnitUsd: z
      .number()
      .nonnegative()
      .default(0.000000625)
      .describe('Per write request unit (DynamoDB on-demand: $0.625 per million)'),
  })
  .describe('The price table (AWS us-east-1 list prices, 2025)');

export const serverlessSchema = z
  .strictObject({
    platformId: name.default('lambda').describe('Actor id of the function platform'),
    concurrencyLimit: z
      .int()
      .min(1)
      .default(1000)
      .describe('The account concurrency limit shared by functions without a reservation'),
    emittedIdBase: z
      .int()
      .nonnegative()
      .default(1_000_000_000)
      .describe('Records a handler emits without an id get ids from here up'),
    database: databaseSchema
      .prefault({})
      .describe('The external key-value database (DynamoDB-style)'),
    functions: z.array(functionSchema).default([]).describe('Functions'),
    triggers: z
      .array(triggerSchema)
      .default([])
      .describe('Event source mappings from topics to functions'),
    schedules: z.array(scheduleSchema).default([]).describe('Functions invoked on a timer'),
    queues: z.array(queueSchema).default([]).describe('SQS standard queues'),
    queueTriggers: z
      .array(queueTriggerSchema)
      .default([])
      .describe('Event source mappings from queues to functions'),
    prices: pricesSchema.prefault({}).describe('The price table (AWS us-east-1 list prices, 2025)'),
  })
  .describe('Serverless functions, their triggers and the database they call');

export const faultPoints = [
  'beforeDbWrite',
  'afterDbWriteBeforeEmit',
  'afterEmitBeforeSuccess',
] as const;

const faultBase = { at: ms('When the fault fires') };

export const serverlessFaultSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      ...faultBase,
      kind: z
        .literal('invocationCrash')
        .describe('The next invocations of a function that reach a point crash there'),
      target: name.describe('The function'),
      point: z
        .enum(faultPoints)
        .describe(
          'beforeDbWrite: a write is about to be sent; afterDbWriteBeforeEmit: a write was applied; afterEmitBeforeSuccess: the handler returned after emitting or writing something',
        ),
      count: z.int().min(1).default(1).describe('How many invocations crash'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z
        .literal('invocationTimeout')
        .describe(
          'The next invocations of a function that reach a point hang there until their timeout',
        ),
      target: name.describe('The function'),
      point: z.enum(faultPoints).default('beforeDbWrite').describe('Where the handler hangs'),
      count: z.int().min(1).default(1).describe('How many invocations hang'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z
        .literal('instanceCrash')
        .describe("A function's instance dies now, with the invocation it is running"),
      target: name.describe('The function'),
      count: z
        .int()
        .min(1)
        .default(1)
        .describe('How many instances die (busy ones first, oldest first)'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z
        .literal('dbThrottle')
        .describe(
          'The next database requests are refused (ProvisionedThroughputExceededException)',
        ),
      target: name.describe('The database actor id'),
      count: z.int().min(1).default(1).describe('How many requests are refused'),
    }),
    z.strictObject({
      ...faultBase,
      kind: z
        .literal('dbLostReply')
        .describe(
          'The next database writes are applied but their replies are lost (the client times out)',
        ),
      target: name.describe('The database actor id'),
      count: z.int().min(1).default(1).describe('How many replies are lost'),
    }),
  ])
  .describe('A fault of the serverless side: plain data, fired at a virtual time');

export type ServerlessConfig = z.output<typeof serverlessSchema>;
export type ServerlessConfigInput = z.input<typeof serverlessSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type DbTableSpec = z.output<typeof dbTableSchema>;
export type DbClientConfig = z.output<typeof dbClientSchema>;
export type FunctionSpec = z.output<typeof functionSchema>;
export type TriggerSpec = z.output<typeof triggerSchema>;
export type ScheduleSpec = z.output<typeof scheduleSchema>;
export type Prices = z.output<typeof pricesSchema>;
export type ServerlessFault = z.output<typeof serverlessFaultSchema>;
export type FaultPoint = (typeof faultPoints)[number];
export type FunctionSpecInput = z.input<typeof functionSchema>;
export type TriggerSpecInput = z.input<typeof triggerSchema>;
