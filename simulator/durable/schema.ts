import { z } from 'zod';

/**
 * A durable-execution service (in the manner of Restate or Temporal): a handler written as plain
 * sequential steps, each an external call, journaled to the log as it completes. Invoked once per
 * record of its input topic.
 */
const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a name: a letter, then letters, digits, "_", "." or "-"')
  .max(64);
const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, 'a topic name: letters, digits, ".", "_" or "-" (as Kafka allows)')
  .max(249);

export const durableSchema = z
  .strictObject({
    id: name.describe('The service name (its journal topic is "<id>-journal")'),
    instance: name.describe('Actor id of the process running the handler (a fault may crash it)'),
    inputTopic: topicName.describe('Each record of this topic invokes the handler once'),
    steps: z
      .array(name)
      .min(1)
      .describe('The handler: external calls made one after another (ctx.run blocks), by name'),
    effectsTopic: topicName.describe(
      'Where each step\'s external call lands (stands for the called service: "payment charged")',
    ),
    stepMs: z
      .int()
      .positive()
      .default(20)
      .describe('How long each external call takes, virtual ms'),
    journal: z
      .boolean()
      .default(true)
      .describe(
        'Journal each completed step (false: only invocations are recorded, and a retried invocation runs from its first step)',
      ),
    pollIntervalMs: z
      .int()
      .positive()
      .default(20)
      .describe('Pause between reads of the input topic, virtual ms'),
    memoryMb: z
      .int()
      .min(128)
      .max(10_240)
      .default(256)
      .describe('Memory of the function running the handler (for GB-seconds)'),
  })
  .describe('A durable-execution service: a handler of journaled steps, invoked per input record');

export type DurableSpec = z.output<typeof durableSchema>;

export { journalTopic } from './journal-topic.ts';
