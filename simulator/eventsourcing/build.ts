import type { World } from '../core/world.ts';
import type { ApplicationSpec } from '../scenario/schema.ts';
import type { Topology } from '../streams/topology.ts';
import { AccountsClient } from './clients.ts';
import { accountsTopology } from './command-handler.ts';
import { ReadModelHost } from './read-model-host.ts';
import type { AccountsSpec } from './schema.ts';

/** First simulator record id of clients' commands: far above workload ids, below derived ones (2^40). */
const CLIENT_RECORD_IDS = 2 ** 36;
/** Record ids each client may use. */
const RECORD_IDS_PER_CLIENT = 2 ** 24;

/** The command processor as a Kafka Streams application, with Kafka Streams' other defaults. */
export function accountsApplication(spec: AccountsSpec): {
  app: Omit<ApplicationSpec, 'topology'>;
  topology: Topology;
} {
  const p = spec.processor;
  return {
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
    topology: accountsTopology(spec.topics),
  };
}

/** Add the readers that host the read models, and the clients. */
export function addAccountsActors(
  world: World,
  spec: AccountsSpec,
  partitionsOf: (topic: string) => number,
): void {
  const hosts = new Map<string, AccountsSpec['readModels']>();
  for (const rm of spec.readModels) hosts.set(rm.host, [...(hosts.get(rm.host) ?? []), rm]);
  for (const [id, readModels] of hosts) {
    const host = new ReadModelHost({
      id,
      readModels,
      eventsTopic: spec.topics.events,
      eventPartitions: partitionsOf(spec.topics.events),
    });
    world.add(host, Math.min(...readModels.map((rm) => rm.startAtMs)));
  }
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
