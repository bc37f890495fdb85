import { generatorSchema, producerSchema, topicSchema } from './schema.ts';
import { databaseSchema, serverlessSchema } from '../serverless/schema.ts';
import { createHandler } from '../serverless/handlers/index.ts';
import type { HandlerOptions } from '../serverless/handlers/options.ts';
import { HANDLER_NAMES } from '../serverless/handlers/names.ts';
import { buildTopologyFromSpec } from '../streams/spec/build-from-spec.ts';
import type { ScenarioError } from './load-issues.ts';
import { checkStatefulFunctions } from './load-checks-statefun.ts';
import { checkFaults } from './load-checks-faults.ts';
import { checkQueues } from './load-checks-queues.ts';
import { isObj, list, type Obj } from './raw-json.ts';
import {
  accountsActors,
  checkAccounts,
  checkAccountsDesign,
  checkDatabaseReadModels,
  checkRebuildFaults,
} from '../eventsourcing/load-checks.ts';

/**
 * Checks that span fields, which a schema cannot express: names that must refer to something
 * declared, ids that must be unique, partitions that must exist, times inside the run.
 *
 * They read the raw JSON (not zod's output), so that they run even when the schema found
 * problems and a person sees every error at once; a value of the wrong type is skipped here
 * because the schema already reports it. Defaults the checks depend on are read from the schema.
 */

/** What the cross-field checks found. */
export interface SemanticReport {
  /** Problems that make the scenario invalid. */
  errors: ScenarioError[];
  /** Legal but probably unintended (a record sent after the run ends, a restart with no crash). */
  warnings: ScenarioError[];
}

/** The broker's actor id: it always exists, and faults may target it. */
export const brokerId = 'broker';

/** Topics Kafka creates and owns itself (Topic.isInternal); a scenario may not declare them. */
const internalTopics = new Set(['__consumer_offsets', '__transaction_state']);

const defaultPartitions = topicSchema.shape.partitions.parse(undefined);
const defaultIdempotent = producerSchema.shape.idempotent.parse(undefined);
const defaultStartAtMs = generatorSchema.shape.startAtMs.parse(undefined);
const defaultIntervalMs = generatorSchema.shape.intervalMs.parse(undefined);
const defaultPlatformId = serverlessSchema.shape.platformId.parse(undefined);
const defaultDatabaseId = databaseSchema.shape.id.parse(undefined);

/** The kinds of the serverless side's actors (and its functions, which faults name). */
const serverlessKinds: readonly ActorKindName[] = [
  'trigger',
  'functionPlatform',
  'database',
  'function',
  'queueService',
];

export type ActorKindName =
  | 'broker'
  | 'producer'
  | 'consumer'
  | 'instance'
  | 'transactionalClient'
  | 'trigger'
  | 'functionPlatform'
  | 'database'
  | 'function'
  | 'reader'
  | 'client'
  | 'durable'
  | 'queueService';

export interface Context {
  readonly report: SemanticReport;
  /** Topic name → partition count (undefined when the count itself is invalid). */
  readonly topics: Map<string, number | undefined>;
  /** Actor id → kind, the broker included (every design's actors too). */
  readonly actors: Map<string, ActorKindName>;
  /** Each design's own actors with the shared ones, by design name (empty without designs). */
  readonly designActors: Map<string, Map<string, ActorKindName>>;
  /** The run's length, when it is a valid number. */
  readonly durationMs: number | undefined;
}

export function checkSemantics(input: unknown): SemanticReport {
  const report: SemanticReport = { errors: [], warnings: [] };
  if (!isObj(input)) return report;
  const duration = input.durationMs;
  const designActors = new Map<string, Map<string, ActorKindName>>();
  const ctx: Context = {
    report,
    topics: collectTopics(input, report),
    actors: collectActors(input, report, designActors),
    designActors,
    durationMs: Number.isInteger(duration) ? (duration as number) : undefined,
  };
  list(input.producers).forEach((producer, i) => checkProducer(ctx, producer, `/producers/${i}`));
  list(input.consumers).forEach((consumer, i) => checkConsumer(ctx, consumer, `/consumers/${i}`));
  list(input.transactionalClients).forEach((client, i) =>
    checkTransactionalClient(ctx, client, `/transactionalClients/${i}`),
  );
  checkDesignParts(ctx, input, '');
  const accountsCtx = {
    checkTopic: (topic: unknown, path: string) => void checkTopic(ctx, topic, path),
    error: (path: string, message: string) => void ctx.report.errors.push({ path, message }),
  };
  checkAccounts(input.accounts, accountsCtx);
  checkDatabaseReadModels(input.accounts, input.serverless, accountsCtx);
  checkRebuildFaults(input.faults, input.accounts, accountsCtx);
  const accounts = isObj(input.accounts) ? input.accounts : {};
  checkAccountsDesign(
    accounts.design,
    input.accounts,
    input.serverless,
    '/accounts/design',
    accountsCtx,
  );
  list(input.designs).forEach((design, d) => {
    if (isObj(design) && design.accountsDesign !== undefined)
      checkAccountsDesign(
        design.accountsDesign,
        input.accounts,
        design.serverless ?? input.serverless,
        `/designs/${d}/accountsDesign`,
        accountsCtx,
      );
  });
  checkDesigns(ctx, list(input.designs));
  checkFaults(ctx, list(input.faults));
  return report;
}

/** The applications, stateful functions and the serverless side of the scenario (prefix '') or of one design. */
function checkDesignParts(ctx: Context, part: Obj, prefix: string): void {
  list(part.applications).forEach((app, i) =>
    checkApplication(ctx, app, `${prefix}/applications/${i}`),
  );
  list(part.statefulFunctions).forEach((app, i) =>
    checkStatefulFunctions(app, `${prefix}/statefulFunctions/${i}`, ctx.report, (topic, path) =>
      checkTopic(ctx, topic, path),
    ),
  );
  if (isObj(part.serverless)) checkServerless(ctx, part.serverless, `${prefix}/serverless`);
  list(part.durable).forEach((service, i) => {
    if (!isObj(service)) return;
    checkTopic(ctx, service.inputTopic, `${prefix}/durable/${i}/inputTopic`);
    checkTopic(ctx, service.effectsTopic, `${prefix}/durable/${i}/effectsTopic`);
  });
}

/** Design names are unique; each design's output names a declared topic or one of its tables. */
function checkDesigns(ctx: Context, designs: unknown[]): void {
  const firstAt = new Map<string, number>();
  designs.forEach((design, d) => {
    if (!isObj(design)) return;
    const path = `/designs/${d}`;
    if (typeof design.name === 'string') {
      if (firstAt.has(design.name)) {
        ctx.report.errors.push({
          path: `${path}/name`,
          message: `design "${design.name}" is already named at /designs/${firstAt.get(design.name)}`,
        });
      } else firstAt.set(design.name, d);
    }
    checkDesignParts(ctx, design, path);
    const output = isObj(design.output) ? design.output : {};
    if (typeof output.topic === 'string') checkTopic(ctx, output.topic, `${path}/output/topic`);
    if (typeof output.table === 'string') {
      const serverless = isObj(design.serverless) ? design.serverless : {};
      const database = isObj(serverless.database) ? serverless.database : {};
      const tables = list(database.tables).flatMap((t) =>
        isObj(t) && typeof t.name === 'string' ? [t.name] : [],
      );
      if (!tables.includes(output.table)) {
        ctx.report.errors.push({
          path: `${path}/output/table`,
          message: `unknown table "${output.table}" (this design's database declares: ${tables.join(', ') || 'none'})`,
        });
      }
    }
  });
}

/**
 * A library handler checks its options when it is made (a value outside an option's choices, a
 * number where a name belongs); make it here, so the run never meets them first.
 */
function checkHandlerOptions(ctx: Context, handler: string, options: unknown, path: string): void {
  try {
    createHandler(handler, isObj(options) ? (options as HandlerOptions) : {});
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    ctx.report.errors.push({ path, message: error.message });
  }
}

/** Triggers read declared topics and name declared functions; handlers come from the library. */
function checkServerless(ctx: Context, serverless: Obj, path: string): void {
  const functions = new Set<string>();
  list(serverless.functions).forEach((fn, i) => {
    if (!isObj(fn)) return;
    if (typeof fn.name === 'string') functions.add(fn.name);
    if (typeof fn.handler === 'string' && !HANDLER_NAMES.includes(fn.handler)) {
      ctx.report.errors.push({
        path: `${path}/functions/${i}/handler`,
        message: `unknown handler "${fn.handler}" (the library has: ${HANDLER_NAMES.join(', ')})`,
      });
    } else if (typeof fn.handler === 'string') {
      checkHandlerOptions(
        ctx,
        fn.handler,
        fn.handlerOptions,
        `${path}/functions/${i}/handlerOptions`,
      );
    }
  });
  list(serverless.triggers).forEach((trigger, i) => {
    if (!isObj(trigger)) return;
    if (typeof trigger.function === 'string' && !functions.has(trigger.function)) {
      ctx.report.errors.push({
        path: `${path}/triggers/${i}/function`,
        message: `unknown function "${trigger.function}" (declared: ${[...functions].join(', ') || 'none'})`,
      });
    }
    checkTopic(ctx, trigger.topic, `${path}/triggers/${i}/topic`);
  });
  checkQueues(serverless, path, ctx.report);
}

function collectTopics(input: Obj, report: SemanticReport): Map<string, number | undefined> {
  const topics = new Map<string, number | undefined>();
  const firstAt = new Map<string, number>();
  list(input.topics).forEach((topic, i) => {
    if (!isObj(topic) || typeof topic.name !== 'string') return;
    const path = `/topics/${i}/name`;
    const name = topic.name;
    if (firstAt.has(name)) {
      report.errors.push({
        path,
        message: `topic "${name}" is already declared at /topics/${firstAt.get(name)}`,
      });
      return;
    }
    if (name === '.' || name === '..') {
      report.errors.push({
        path,
        message: `"${name}" is not a legal topic name (Kafka refuses "." and "..")`,
      });
    }
    if (internalTopics.has(name)) {
      report.errors.push({
        path,
        message: `"${name}" is an internal topic the broker manages itself`,
      });
    }
    const partitions = topic.partitions === undefined ? defaultPartitions : topic.partitions;
    firstAt.set(name, i);
    topics.set(name, Number.isInteger(partitions) ? (partitions as number) : undefined);
  });
  return topics;
}

function collectActors(
  input: Obj,
  report: SemanticReport,
  designActors: Map<string, Map<string, ActorKindName>>,
): Map<string, ActorKindName> {
  const actors = new Map<string, ActorKindName>([[brokerId, 'broker']]);
  const firstAt = new Map<string, string>();
  const lists = {
    producers: 'producer',
    consumers: 'consumer',
    transactionalClients: 'transactionalClient',
  } as const;
  for (const [field, kind] of Object.entries(lists)) {
    list(input[field]).forEach((actor, i) => {
      if (!isObj(actor) || typeof actor.id !== 'string') return;
      const path = `/${field}/${i}/id`;
      const id = actor.id;
      if (id === brokerId) {
        report.errors.push({
          path,
          message: `"${brokerId}" is the built-in broker's id; choose another`,
        });
      } else if (actors.has(id)) {
        report.errors.push({
          path,
          message: `actor id "${id}" is already used at ${firstAt.get(id)}`,
        });
      } else {
        actors.set(id, kind);
        firstAt.set(id, path.slice(0, -'/id'.length));
      }
    });
  }
  const add = (
    id: unknown,
    kind: ActorKindName,
    path: string,
    shared: Map<string, ActorKindName>,
  ) => {
    if (typeof id !== 'string') return;
    if (shared.has(id)) {
      report.errors.push({
        path,
        message: `actor id "${id}" is already used${firstAt.has(id) ? ` at ${firstAt.get(id)}` : ''}`,
      });
    } else {
      shared.set(id, kind);
      firstAt.set(id, path);
    }
  };
  collectDesignActors(input, '', add, actors);
  // Each design runs alone on the shared workload: its ids must differ from the shared ones and
  // from one another inside it, not from another design's.
  const fromDesigns = new Map<string, ActorKindName>();
  list(input.designs).forEach((design, d) => {
    if (!isObj(design)) return;
    // A design's serverless side replaces the scenario's (see compare/design-scenario.ts).
    const replaced = new Set<ActorKindName>(isObj(design.serverless) ? serverlessKinds : []);
    const own = new Map([...actors].filter(([, kind]) => !replaced.has(kind)));
    collectDesignActors(design, `/designs/${d}`, add, own);
    designActors.set(typeof design.name === 'string' ? design.name : `#${d}`, own);
    for (const [id, kind] of own)
      if (!actors.has(id) && !fromDesigns.has(id)) fromDesigns.set(id, kind);
  });
  for (const [id, kind] of fromDesigns) actors.set(id, kind);
  return actors;
}

/** Actors a design adds (or the scenario itself, with `prefix` ''): Streams and StateFun instances, the serverless side. */
function collectDesignActors(
  input: Obj,
  prefix: string,
  add: (id: unknown, kind: ActorKindName, path: string, into: Map<string, ActorKindName>) => void,
  into: Map<string, ActorKindName>,
): void {
  for (const field of ['applications', 'statefulFunctions'] as const) {
    list(input[field]).forEach((app, i) => {
      if (!isObj(app)) return;
      list(app.instances).forEach((id, j) =>
        add(id, 'instance', `${prefix}/${field}/${i}/instances/${j}`, into),
      );
    });
  }
  for (const actor of accountsActors(input.accounts, prefix))
    add(actor.id, actor.kind, actor.path, into);
  list(input.durable).forEach((service, i) => {
    if (isObj(service)) add(service.instance, 'durable', `${prefix}/durable/${i}/instance`, into);
  });
  const serverless = input.serverless;
  if (!isObj(serverless)) return;
  const at = `${prefix}/serverless`;
  add(serverless.platformId ?? defaultPlatformId, 'functionPlatform', `${at}/platformId`, into);
  const database = isObj(serverless.database) ? serverless.database : {};
  add(database.id ?? defaultDatabaseId, 'database', `${at}/database/id`, into);
  list(serverless.triggers).forEach((trigger, i) => {
    if (
      !isObj(trigger) ||
      typeof trigger.function !== 'string' ||
      typeof trigger.topic !== 'string'
    )
      return;
    const id = trigger.id ?? `esm-${trigger.function}-${trigger.topic}`;
    add(id, 'trigger', `${at}/triggers/${i}${trigger.id === undefined ? '' : '/id'}`, into);
  });
  if (list(serverless.queues).length > 0) add('sqs', 'queueService', `${at}/queues`, into);
  list(serverless.queueTriggers).forEach((trigger, i) => {
    if (
      !isObj(trigger) ||
      typeof trigger.function !== 'string' ||
      typeof trigger.queue !== 'string'
    )
      return;
    const id = trigger.id ?? `esm-${trigger.function}-${trigger.queue}`;
    add(id, 'trigger', `${at}/queueTriggers/${i}${trigger.id === undefined ? '' : '/id'}`, into);
  });
  list(serverless.functions).forEach((fn, i) => {
    if (!isObj(fn) || typeof fn.name !== 'string') return;
    add(`function:${fn.name}`, 'function', `${at}/functions/${i}/name`, into);
  });
}

/**
 * An application's topology must build against the scenario's topics: every topic it reads or
 * writes declared (internal topics aside), joined topics co-partitioned. The topology builder's
 * own message names the operator at fault.
 */
function checkApplication(ctx: Context, app: unknown, path: string): void {
  if (!isObj(app) || !isObj(app.topology)) return;
  const topology = app.topology;
  const declared = [...ctx.topics]
    .filter(([, n]) => n !== undefined)
    .map(([name, partitions]) => ({ name, partitions }));
  try {
    buildTopologyFromSpec(
      topology.topics === undefined ? { ...topology, topics: declared } : topology,
    );
  } catch (error) {
    ctx.report.errors.push({
      path: `${path}/topology`,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

function checkProducer(ctx: Context, producer: unknown, path: string): void {
  if (!isObj(producer)) return;
  const transactional = typeof producer.transactionalId === 'string';
  if (producer.transactions !== undefined && !transactional) {
    ctx.report.errors.push({
      path: `${path}/transactions`,
      message: 'transactions need a "transactionalId" on this producer',
    });
  }
  if (transactional && (producer.idempotent ?? defaultIdempotent) === false) {
    ctx.report.errors.push({
      path: `${path}/idempotent`,
      message:
        'a transactional producer must be idempotent (Kafka refuses transactional.id without enable.idempotence)',
    });
  }
  checkStart(ctx, producer.startAtMs, `${path}/startAtMs`, 'the producer');
  const workload = isObj(producer.workload) ? producer.workload : {};
  list(workload.records).forEach((record, j) => {
    if (!isObj(record)) return;
    const at = `${path}/workload/records/${j}`;
    if (checkTopic(ctx, record.topic, `${at}/topic`) && Number.isInteger(record.partition)) {
      checkPartition(ctx, record.topic as string, record.partition as number, `${at}/partition`);
    }
    checkStart(ctx, record.atMs, `${at}/atMs`, 'this record');
  });
  list(workload.generators).forEach((generator, j) => {
    if (!isObj(generator)) return;
    const at = `${path}/workload/generators/${j}`;
    checkTopic(ctx, generator.topic, `${at}/topic`);
    checkGeneratorEnd(ctx, generator, at);
  });
}

function checkConsumer(ctx: Context, consumer: unknown, path: string): void {
  if (!isObj(consumer)) return;
  list(consumer.topics).forEach((topic, k) => checkTopic(ctx, topic, `${path}/topics/${k}`));
  checkStart(ctx, consumer.startAtMs, `${path}/startAtMs`, 'the consumer');
}

/** Its topics are declared; its output is not one of its inputs (it would read its own writes). */
function checkTransactionalClient(ctx: Context, client: unknown, path: string): void {
  if (!isObj(client)) return;
  const inputs = list(client.topics);
  inputs.forEach((topic, k) => checkTopic(ctx, topic, `${path}/topics/${k}`));
  if (
    checkTopic(ctx, client.outputTopic, `${path}/outputTopic`) &&
    inputs.includes(client.outputTopic)
  )
    ctx.report.errors.push({
      path: `${path}/outputTopic`,
      message: `the output topic "${String(client.outputTopic)}" is also an input: the client would transform its own output again and again`,
    });
  checkStart(ctx, client.startAtMs, `${path}/startAtMs`, 'the client');
}

function checkTopic(ctx: Context, topic: unknown, path: string): boolean {
  if (typeof topic !== 'string') return false;
  if (ctx.topics.has(topic)) return true;
  const declared = [...ctx.topics.keys()].join(', ') || 'none';
  ctx.report.errors.push({ path, message: `unknown topic "${topic}" (declared: ${declared})` });
  return false;
}

function checkPartition(ctx: Context, topic: string, partition: number, path: string): void {
  const count = ctx.topics.get(topic);
  if (count === undefined || partition < count) return;
  const range = count === 1 ? 'only partition 0' : `partitions 0 to ${count - 1}`;
  ctx.report.errors.push({
    path,
    message: `partition ${partition} does not exist: topic "${topic}" has ${range}`,
  });
}

function checkStart(ctx: Context, atMs: unknown, path: string, what: string): void {
  if (!Number.isInteger(atMs) || ctx.durationMs === undefined || (atMs as number) <= ctx.durationMs)
    return;
  ctx.report.warnings.push({
    path,
    message: `${what} starts at ${atMs} ms, after the run ends (durationMs ${ctx.durationMs})`,
  });
}

function checkGeneratorEnd(ctx: Context, generator: Obj, path: string): void {
  const { count, startAtMs = defaultStartAtMs, intervalMs = defaultIntervalMs } = generator;
  if (![count, startAtMs, intervalMs].every(Number.isInteger) || ctx.durationMs === undefined)
    return;
  const lastMs = (startAtMs as number) + ((count as number) - 1) * (intervalMs as number);
  if (lastMs <= ctx.durationMs) return;
  ctx.report.warnings.push({
    path: `${path}/count`,
    message: `the last record is due at ${lastMs} ms, after the run ends (durationMs ${ctx.durationMs}); later records are never sent`,
  });
}
