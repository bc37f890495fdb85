import { z } from 'zod';

/**
 * The queue side of the serverless configuration: Amazon SQS standard queues (visibility timeout,
 * a redrive policy to a dead-letter queue) and Lambda event source mappings that read them. Names
 * follow AWS (CreateQueue's attributes, CreateEventSourceMapping), with seconds turned into virtual
 * milliseconds and a `Ms` suffix; defaults are AWS's (see docs/kafka-facts.md, "Lambda and SQS").
 */

const ms = (what: string) => z.int().nonnegative().describe(`${what}, virtual milliseconds`);
const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a name: a letter, then letters, digits, "_", "." or "-"')
  .max(80);

export const queueMessageSchema = z
  .strictObject({
    atMs: ms('When a client sends the message (SendMessage)'),
    body: z.json().describe('The message body (any JSON; a handler reads it as the record value)'),
  })
  .describe('One message, sent at a fixed time');

export const queueGeneratorSchema = z
  .strictObject({
    count: z.int().min(1).max(1_000_000).describe('How many messages'),
    startAtMs: ms('When the first is sent').default(0),
    intervalMs: ms('Time between messages').default(10),
  })
  .describe('Messages sent at a steady pace; the body of the n-th (from 0) is {"n": n}');

export const redrivePolicySchema = z
  .strictObject({
    deadLetterTargetQueue: name.describe(
      'deadLetterTargetArn: the dead-letter queue (a queue declared here, by name)',
    ),
    maxReceiveCount: z
      .int()
      .min(1)
      .max(1000)
      .describe(
        'maxReceiveCount: a message received this many times and still not deleted moves to the dead-letter queue instead of being received again',
      ),
  })
  .describe('RedrivePolicy');

export const queueSchema = z
  .strictObject({
    name: name.describe('QueueName (a standard queue)'),
    visibilityTimeoutMs: z
      .int()
      .min(0)
      .max(43_200_000)
      .default(30_000)
      .describe(
        'VisibilityTimeout: a received message is hidden from other receives this long; not deleted by then, it is visible again (AWS default 30 s, at most 12 h)',
      ),
    redrivePolicy: redrivePolicySchema
      .optional()
      .describe('RedrivePolicy: where poison messages go'),
    messages: z.array(queueMessageSchema).default([]).describe('Messages sent at fixed times'),
    generators: z
      .array(queueGeneratorSchema)
      .default([])
      .describe('Messages sent at a steady pace'),
  })
  .describe('An SQS standard queue and the messages clients send to it');

export const queueTriggerSchema = z
  .strictObject({
    id: name.optional().describe('The mapping id, its actor id (default esm-<function>-<queue>)'),
    function: name.describe('FunctionName of the function to invoke'),
    queue: name.describe('EventSourceArn: the queue to read (a queue declared here, by name)'),
    batchSize: z
      .int()
      .min(1)
      .max(10_000)
      .default(10)
      .describe(
        'BatchSize: messages per invocation at most (default 10; above 10 needs a batching window of at least 1 s)',
      ),
    maximumBatchingWindowMs: ms(
      'MaximumBatchingWindowInSeconds: keep receiving this long to fill a batch (default 0: invoke with what one receive returns)',
    )
      .max(300_000)
      .default(0),
    functionResponseTypes: z
      .array(z.literal('ReportBatchItemFailures'))
      .default([])
      .describe(
        'FunctionResponseTypes: with ReportBatchItemFailures only the messages a handler names return to the queue',
      ),
    maximumConcurrency: z
      .int()
      .min(2)
      .max(1000)
      .default(5)
      .describe(
        'ScalingConfig.MaximumConcurrency: batches in flight at once (Lambda starts with five; here the number stays fixed)',
      ),
  })
  .describe(
    'An event source mapping for an SQS queue: pollers receive batches, invoke the function, and delete the messages that succeeded',
  );

export type QueueSpec = z.output<typeof queueSchema>;
export type QueueTriggerSpec = z.output<typeof queueTriggerSchema>;
export type QueueTriggerSpecInput = z.input<typeof queueTriggerSchema>;
export type QueueSpecInput = z.input<typeof queueSchema>;
