import { z } from 'zod';
import { FOLD_NAMES } from './folds.ts';

/**
 * The `accounts` part of a scenario: the bank-accounts domain run as an event-sourced application
 * (commands → a Kafka Streams processor → events), read models folded from the events topic, and
 * clients that send commands and query the read models. The topics it names are declared in the
 * scenario's `topics`, so their retention and cleanup policy are the scenario's to set.
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
const readModelName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]*$/,
    'a read model name: a letter, then letters, digits, "_" or "-"',
  )
  .max(64);

export const accountTopicsSchema = z
  .strictObject({
    commands: topicName.default('account-commands').describe('Commands, keyed by account'),
    events: topicName
      .default('account-events')
      .describe('Accepted events, keyed by account: the source of truth'),
    rejections: topicName
      .default('command-rejections')
      .describe('Refused commands with their reason'),
  })
  .describe('The topics of the accounts application (each a declared topic)');

export const commandProcessorSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'an application.id: letters, digits, ".", "_" or "-"')
      .default('accounts')
      .describe('application.id of the command processor'),
    instances: z
      .array(actorId)
      .min(1)
      .default(['accounts-1'])
      .describe('Actor ids of its instances'),
    guarantee: z
      .enum(['at_least_once', 'exactly_once_v2', 'at_most_once'])
      .default('exactly_once_v2')
      .describe(
        'processing.guarantee: exactly_once_v2 writes events, state and offsets in one transaction',
      ),
    commitIntervalMs: z.int().positive().default(100).describe('commit.interval.ms'),
    processingMs: ms('Time an instance spends on each command').default(0),
    startAtMs: ms('When the instances start').default(0),
    changelog: z
      .boolean()
      .default(true)
      .describe(
        'Log the accounts store to its compacted changelog (the snapshot a moved task restores); false: a task folds the events topic from offset zero instead',
      ),
    restoreRecordMs: ms('Time an instance spends on each record it restores').default(0),
  })
  .describe(
    "The Kafka Streams application that validates commands against its state store (design 'eventSourced' only)",
  );

export const readModelSchema = z
  .strictObject({
    name: readModelName.describe('The read model queries name'),
    fold: z.enum(FOLD_NAMES).describe('How it folds the events into rows'),
    home: z
      .enum(['memory', 'streamsTable', 'database'])
      .default('memory')
      .describe(
        "Where it lives: 'memory' (an index in a reader), 'streamsTable' (a Kafka Streams table, queried with interactive queries), 'database' (a table a serverless function writes, handler projectAccountEvents; not queried)",
      ),
    host: actorId.describe(
      'What keeps it: the reader (memory), the Kafka Streams instance (streamsTable) or the serverless function (database)',
    ),
    applyMs: ms('Time spent applying each event (makes its lag visible)').default(0),
    fetchIntervalMs: z
      .int()
      .positive()
      .default(10)
      .describe('Pause between polls that returned nothing'),
    restoreRecordMs: ms(
      'streamsTable: time spent on each changelog record while its store is restored',
    ).default(0),
    maxPollRecords: z.int().min(1).default(50).describe('Events fetched at most per poll'),
    startAtMs: ms('When the reader starts').default(0),
  })
  .describe('A read model: a named fold of the events topic with its own position');

export const queriesSchema = z
  .strictObject({
    readModel: readModelName.describe('The read model the client queries'),
    token: z
      .boolean()
      .default(false)
      .describe("Send the last accepted command's offset as a consistency token and wait for it"),
    maxWaitMs: z
      .int()
      .positive()
      .default(200)
      .describe('How long a query waits for the token before answering "not yet"'),
  })
  .describe('After each accepted command, the client reads its account back');

export const clientSchema = z
  .strictObject({
    id: actorId.describe('Actor id of the client'),
    startAtMs: ms('When the client starts').default(0),
    accounts: z
      .array(z.string().min(1))
      .min(1)
      .describe('The accounts the client opens and then works on'),
    commands: z.int().min(0).max(100_000).describe('Commands after opening its accounts'),
    thinkTimeMs: ms('Pause after each answer').default(20),
    answerTimeoutMs: z
      .int()
      .positive()
      .default(1000)
      .describe('Give up on a command not answered by then'),
    maxAmount: z.int().positive().default(100).describe('Amounts are drawn from 1 to this'),
    transferTo: z
      .array(z.string().min(1))
      .default([])
      .describe('Accounts it may transfer to (none: no transfers)'),
    queries: queriesSchema.optional(),
  })
  .describe('A client: commands and queries with think time, waiting for each answer');

/** The three ways the workbook handles the accounts' commands (chapter 6, `sim compare`). */
export const ACCOUNTS_DESIGNS = ['eventSourced', 'crudDualWrite', 'outbox'] as const;
export type AccountsDesign = (typeof ACCOUNTS_DESIGNS)[number];

/** The library handler each function-based design needs on the commands topic. */
export const DESIGN_HANDLERS: Readonly<Record<Exclude<AccountsDesign, 'eventSourced'>, string>> = {
  crudDualWrite: 'accountsCrudDualWrite',
  outbox: 'accountsOutbox',
};

export const accountsDesignSchema = z
  .enum(ACCOUNTS_DESIGNS)
  .describe(
    "Who handles the commands: 'eventSourced' (the Kafka Streams processor below), 'crudDualWrite' (a function triggered by the commands topic writes the row, then publishes the events: handler accountsCrudDualWrite) or 'outbox' (a function writes the row and an outbox entry in one transaction, a scheduled drainOutbox publishes them: handler accountsOutbox)",
  );

export const accountsSchema = z
  .strictObject({
    design: accountsDesignSchema.default('eventSourced'),
    topics: accountTopicsSchema.default({
      commands: 'account-commands',
      events: 'account-events',
      rejections: 'command-rejections',
    }),
    processor: commandProcessorSchema.default({
      id: 'accounts',
      instances: ['accounts-1'],
      guarantee: 'exactly_once_v2',
      commitIntervalMs: 100,
      processingMs: 0,
      startAtMs: 0,
      changelog: true,
      restoreRecordMs: 0,
    }),
    readModels: z
      .array(readModelSchema)
      .default([])
      .describe('Read models folded from the events topic'),
    clients: z.array(clientSchema).default([]).describe('Clients sending commands and queries'),
  })
  .describe('Bank accounts, event-sourced: commands, events, read models and clients');

export const rebuildProjectionFaultSchema = z
  .strictObject({
    at: ms('When the operator starts the rebuild'),
    kind: z
      .literal('rebuildProjection')
      .describe(
        'An operator action: build a new version of a read model from offset zero while the old one serves, then switch queries to it',
      ),
    target: actorId.describe('The reader that hosts the read model'),
    readModel: readModelName.describe('The read model to rebuild (one the reader hosts)'),
    fold: z.enum(FOLD_NAMES).optional().describe("The new version's fold (default: the same fold)"),
  })
  .describe('Rebuild a read model from offset zero, blue/green');

export type AccountsSpec = z.output<typeof accountsSchema>;
export type ReadModelSpec = z.output<typeof readModelSchema>;
export type ClientSpec = z.output<typeof clientSchema>;
