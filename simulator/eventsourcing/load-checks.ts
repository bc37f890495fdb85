import { isObj, list } from '../scenario/raw-json.ts';
import {
  ACCOUNTS_DESIGNS,
  accountTopicsSchema,
  commandProcessorSchema,
  DESIGN_HANDLERS,
  type AccountsDesign,
} from './schema.ts';

/**
 * The cross-field checks of a scenario's `accounts` part (the scenario loader calls them with the
 * raw JSON): its topics must be declared, read model names unique, and a client's queries must
 * name a read model that exists. Values of the wrong type are the schema's to report.
 */

const defaultTopics = accountTopicsSchema.parse({});
const defaultInstances = commandProcessorSchema.shape.instances.parse(undefined);

/** An actor the accounts part adds, with the path that names it. */
export interface AccountsActor {
  id: string;
  kind: 'instance' | 'reader' | 'client';
  path: string;
}

export function accountsActors(accounts: unknown, prefix: string): AccountsActor[] {
  if (!isObj(accounts)) return [];
  const at = `${prefix}/accounts`;
  const actors: AccountsActor[] = [];
  const processor = isObj(accounts.processor) ? accounts.processor : {};
  const explicit = Array.isArray(processor.instances);
  // Only the event-sourced design runs the processor; the others handle commands in functions.
  const eventSourced = accounts.design === undefined || accounts.design === 'eventSourced';
  list(!eventSourced ? [] : explicit ? processor.instances : defaultInstances).forEach((id, i) => {
    if (typeof id === 'string')
      actors.push({
        id,
        kind: 'instance',
        path: explicit ? `${at}/processor/instances/${i}` : `${at}/processor`,
      });
  });
  const hosts = new Set<string>();
  list(accounts.readModels).forEach((rm, i) => {
    if (!isObj(rm) || typeof rm.host !== 'string') return;
    const path = `${at}/readModels/${i}/host`;
    // A Kafka Streams table is an application of its own: its host is its one instance.
    if (rm.home === 'streamsTable')
      return void actors.push({ id: rm.host, kind: 'instance', path });
    // A database table's host is a function of the serverless part, not an actor of its own.
    if (rm.home === 'database') return;
    // One reader may host several read models: it is one actor.
    if (hosts.has(rm.host)) return;
    hosts.add(rm.host);
    actors.push({ id: rm.host, kind: 'reader', path });
  });
  list(accounts.clients).forEach((client, i) => {
    if (isObj(client) && typeof client.id === 'string')
      actors.push({ id: client.id, kind: 'client', path: `${at}/clients/${i}/id` });
  });
  return actors;
}

export interface AccountsCheckContext {
  checkTopic(topic: unknown, path: string): void;
  error(path: string, message: string): void;
}

export function checkAccounts(accounts: unknown, ctx: AccountsCheckContext): void {
  if (!isObj(accounts)) return;
  const topics = isObj(accounts.topics) ? accounts.topics : {};
  for (const role of ['commands', 'events', 'rejections'] as const) {
    const explicit = topics[role] !== undefined;
    ctx.checkTopic(
      explicit ? topics[role] : defaultTopics[role],
      explicit ? `/accounts/topics/${role}` : '/accounts/topics',
    );
  }
  const names = new Map<string, number>();
  list(accounts.readModels).forEach((rm, i) => {
    if (!isObj(rm) || typeof rm.name !== 'string') return;
    if (rm.home === 'streamsTable' && rm.fold === 'totals')
      ctx.error(
        `/accounts/readModels/${i}/fold`,
        `"totals" folds every account into one row, which a Kafka Streams table keyed by account cannot hold (each task would keep its own partition's total); use home "memory"`,
      );
    if (rm.home === 'database' && rm.fold === 'totals')
      ctx.error(
        `/accounts/readModels/${i}/fold`,
        `"totals" folds every account into one row, which invocations of two partitions at once would overwrite each other's changes of; use home "memory"`,
      );
    if (names.has(rm.name))
      ctx.error(
        `/accounts/readModels/${i}/name`,
        `read model "${rm.name}" is already named at /accounts/readModels/${names.get(rm.name)}`,
      );
    else names.set(rm.name, i);
  });
  list(accounts.clients).forEach((client, i) => {
    const queries = isObj(client) && isObj(client.queries) ? client.queries : null;
    const target = queries
      ? list(accounts.readModels)[names.get(String(queries.readModel)) ?? -1]
      : null;
    if (queries && isObj(target) && target.home === 'database')
      ctx.error(
        `/accounts/clients/${i}/queries/readModel`,
        `read model "${String(queries.readModel)}" is kept in a database table, which clients here do not query; query one in memory or in a Kafka Streams table`,
      );
    if (queries && typeof queries.readModel === 'string' && !names.has(queries.readModel)) {
      ctx.error(
        `/accounts/clients/${i}/queries/readModel`,
        `unknown read model "${queries.readModel}" (declared: ${[...names.keys()].join(', ') || 'none'})`,
      );
    }
  });
}

/** A rebuild names a reader and a read model that reader hosts. */
export function checkRebuildFaults(
  faults: unknown,
  accounts: unknown,
  ctx: AccountsCheckContext,
): void {
  const hosted = new Map<string, string[]>();
  const readModels = isObj(accounts) ? list(accounts.readModels) : [];
  for (const rm of readModels) {
    const inMemory = isObj(rm) && (rm.home === undefined || rm.home === 'memory');
    if (inMemory && typeof rm.host === 'string' && typeof rm.name === 'string')
      hosted.set(rm.host, [...(hosted.get(rm.host) ?? []), rm.name]);
  }
  list(faults).forEach((fault, i) => {
    if (!isObj(fault) || fault.kind !== 'rebuildProjection' || typeof fault.target !== 'string')
      return;
    const names = hosted.get(fault.target);
    if (!names)
      return ctx.error(
        `/faults/${i}/target`,
        `"${fault.target}" hosts no read model in memory (readers: ${[...hosted.keys()].join(', ') || 'none'})`,
      );
    if (typeof fault.readModel === 'string' && !names.includes(fault.readModel))
      ctx.error(
        `/faults/${i}/readModel`,
        `unknown read model "${fault.readModel}" on "${fault.target}" (it hosts: ${names.join(', ')})`,
      );
  });
}

/**
 * A function-based design needs its handler: a function with the design's library handler,
 * triggered by the commands topic; the outbox also needs a scheduled `drainOutbox`, or nothing
 * would ever publish it. `path` names the design field (`/accounts/design`, or a compare design's
 * `accountsDesign`); `serverless` is the serverless part that design runs with.
 */
export function checkAccountsDesign(
  design: unknown,
  accounts: unknown,
  serverless: unknown,
  path: string,
  ctx: AccountsCheckContext,
): void {
  if (!ACCOUNTS_DESIGNS.includes(design as AccountsDesign)) return;
  if (!isObj(accounts))
    return ctx.error(
      path,
      'the scenario has no "accounts" part whose commands this design handles',
    );
  if (design === 'eventSourced') return;
  const handler = DESIGN_HANDLERS[design as Exclude<AccountsDesign, 'eventSourced'>];
  const topics = isObj(accounts.topics) ? accounts.topics : {};
  const commands = typeof topics.commands === 'string' ? topics.commands : defaultTopics.commands;
  const part = isObj(serverless) ? serverless : {};
  const functions = list(part.functions).filter(isObj);
  const named = (h: string) => functions.filter((f) => f.handler === h).map((f) => f.name);
  const handlers = named(handler);
  const triggered = list(part.triggers).some(
    (t) => isObj(t) && handlers.includes(t.function) && t.topic === commands,
  );
  if (!triggered)
    return ctx.error(
      path,
      `design "${String(design)}" needs a serverless function with handler ${handler} and a trigger on the commands topic "${commands}" (functions: ${functions.map((f) => `${String(f.name)} (${String(f.handler)})`).join(', ') || 'none'})`,
    );
  if (design !== 'outbox') return;
  const relays = named('drainOutbox');
  const scheduled = list(part.schedules).some((s) => isObj(s) && relays.includes(s.function));
  if (!scheduled)
    ctx.error(
      path,
      'design "outbox" needs a relay: a function with handler drainOutbox and a schedule that invokes it (nothing would publish the outbox)',
    );
}

/**
 * A read model kept in a database table names as its host a function of the serverless part with
 * handler projectAccountEvents, options naming the read model and its fold, and a trigger on the
 * events topic.
 */
export function checkDatabaseReadModels(
  accounts: unknown,
  serverless: unknown,
  ctx: AccountsCheckContext,
): void {
  if (!isObj(accounts)) return;
  const topics = isObj(accounts.topics) ? accounts.topics : {};
  const events = typeof topics.events === 'string' ? topics.events : defaultTopics.events;
  const part = isObj(serverless) ? serverless : {};
  const functions = list(part.functions).filter(isObj);
  list(accounts.readModels).forEach((rm, i) => {
    if (!isObj(rm) || rm.home !== 'database' || typeof rm.host !== 'string') return;
    const path = `/accounts/readModels/${i}/host`;
    const fn = functions.find((f) => f.name === rm.host);
    if (!fn)
      return ctx.error(
        path,
        `no serverless function "${rm.host}" keeps this read model (functions: ${functions.map((f) => String(f.name)).join(', ') || 'none'})`,
      );
    const options = isObj(fn.handlerOptions) ? fn.handlerOptions : {};
    const fold = options.fold ?? 'balances';
    if (
      fn.handler !== 'projectAccountEvents' ||
      options.readModel !== rm.name ||
      fold !== (rm.fold ?? fold)
    )
      return ctx.error(
        path,
        `function "${rm.host}" must have handler projectAccountEvents with handlerOptions { "readModel": "${String(rm.name)}", "fold": "${String(rm.fold)}" }`,
      );
    const triggered = list(part.triggers).some(
      (t) => isObj(t) && t.function === rm.host && t.topic === events,
    );
    if (!triggered)
      ctx.error(path, `function "${rm.host}" needs a trigger on the events topic "${events}"`);
  });
}
