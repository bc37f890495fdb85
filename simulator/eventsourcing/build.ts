import type { World } from '../core/world.ts';
import type { ApplicationSpec } from '../scenario/schema.ts';
import type { Topology } from '../streams/topology.ts';
import { AccountsClient } from './clients.ts';
import type { StreamsInstanceConfig } from '../runtime/streams-instance.ts';
import { accountsTopology, refoldAccounts } from './command-handler.ts';
import { readModelTopology, tableApplicationId, tableExtensions } from './streams-table.ts';
import { ReadModelHost } from './read-model-host.ts';
import type { AccountsSpec, ReadModelSpec } from './schema.ts';

/** First simulator record id of clients' commands: far above workload ids, below derived ones (2^40). */
const CLIENT_RECORD_IDS = 2 ** 36;
/** Record ids each client may use. */
const RECORD_IDS_PER_CLIENT = 2 ** 24;

/** A Kafka Streams application of the accounts part, with what its instances add to the runtime. */
export interface AccountsApplication {
  app: Omit<ApplicationSpec, 'topology'>;
  topology: Topology;
  runtime: Pick<StreamsInstanceConfig, 'refold' | 'restoreRecordMs' | 'extensions'>;
}

/**
 * The Kafka Streams applications of the accounts part: the command processor (design
 * 'eventSourced'), and one application per read model kept in a Kafka Streams table.
 */
export function accountsApplications(
  spec: AccountsSpec,
  partitionsOf: (topic: string) => number,
): AccountsApplication[] {
  const tables = spec.readModels.filter((rm) => rm.home === 'streamsTable');
  return [
    ...(spec.design === 'eventSourced' ? [commandProcessor(spec)] : []),
    ...tables.map((rm) => tableApplication(rm, spec.topics.events, partitionsOf)),
  ];
}

/** The command processor, with Kafka Streams' other defaults. */
function commandProcessor(spec: AccountsSpec): AccountsApplication {
  const p = spec.processor;
  return {
    runtime: {
      restoreRecordMs: p.restoreRecordMs,
      ...(p.changelog ? {} : { refold: refoldAccounts(spec.topics.events) }),
    },
    app: {
      id: p.id,
      instances: p.instances,
      guarantee: p.guarantee,
      commitIntervalMs: p.commitIntervalMs,
      transactionTimeoutMs: 1000,
      startAtMs: p.startAtMs,
      sessionTimeoutMs: 300,
      heartbeatIntervalMs: 50,
      maxPollRecords: 100,
      pollIntervalMs: 10,
      processingMs: p.processingMs,
    },
    topology: accountsTopology(spec.topics, p.changelog),
  };
}

/**
 * A read model in a Kafka Streams table: one instance (`host`), exactly_once_v2 with Kafka
 * Streams' default commit.interval.ms under it (100 ms), polling as the read model says.
 */
function tableApplication(
  rm: ReadModelSpec,
  eventsTopic: string,
  partitionsOf: (topic: string) => number,
): AccountsApplication {
  return {
    runtime: {
      extensions: tableExtensions(rm, partitionsOf(eventsTopic)),
      restoreRecordMs: rm.restoreRecordMs,
    },
    app: {
      id: tableApplicationId(rm.name),
      instances: [rm.host],
      guarantee: 'exactly_once_v2',
      commitIntervalMs: 100,
      transactionTimeoutMs: 1000,
      startAtMs: rm.startAtMs,
      sessionTimeoutMs: 300,
      heartbeatIntervalMs: 50,
      maxPollRecords: rm.maxPollRecords,
      pollIntervalMs: rm.fetchIntervalMs,
      processingMs: rm.applyMs,
    },
    topology: readModelTopology(rm, eventsTopic),
  };
}

/** Add the readers that host the read models, and the clients. */
export function addAccountsActors(
  world: World,
  spec: AccountsSpec,
  partitionsOf: (topic: string) => number,
): void {
  const hosts = new Map<string, AccountsSpec['readModels']>();
  for (const rm of spec.readModels.filter((r) => r.home === 'memory'))
    hosts.set(rm.host, [...(hosts.get(rm.host) ?? []), rm]);
  for (const [id, readModels] of hosts) {
    const host = new ReadModelHost({
      id,
      readModels,
      eventsTopic: spec.topics.events,
      eventPartitions: partitionsOf(spec.topics.events),
    });
    world.add(host, Math.min(...readModels.map((rm) => rm.startAtMs)));
  }
  // A read model in a database table starts empty, at offset zero, when the scenario does.
  for (const rm of spec.readModels.filter((r) => r.home === 'database'))
    world.emit({
      type: 'projection.reset',
      host: rm.host,
      readModel: rm.name,
      fold: rm.fold,
      reason: 'started',
      home: 'database',
    });
  spec.clients.forEach((client, i) => {
    const readModel = spec.readModels.find((rm) => rm.name === client.queries?.readModel);
    const actor = new AccountsClient({
      spec: client,
      topics: spec.topics,
      partitionsOf,
      queryHost: readModel?.host ?? null,
      firstRecordId: CLIENT_RECORD_IDS + i * RECORD_IDS_PER_CLIENT,
    });
    world.add(actor, client.startAtMs);
  });
}
