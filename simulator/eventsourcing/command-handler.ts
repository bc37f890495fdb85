import type { Json } from '../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../streams/processor-api.ts';
import type { KeyValueStore } from '../streams/stores/key-value-store.ts';
import { Stores } from '../streams/stores/stores.ts';
import { Topology } from '../streams/topology.ts';
import type { StreamRecord } from '../streams/types.ts';
import type { RefoldRestore } from '../runtime/instance-extensions.ts';
import {
  decide,
  evolve,
  isAccountEvent,
  type AccountCommand,
  type AccountState,
} from './domain.ts';

/** The store holding each account's state (the fold of its events), logged to its changelog. */
export const ACCOUNTS_STORE = 'accounts';

export interface AccountTopics {
  /** Commands, keyed by account: the partition decides the one task that writes an account. */
  commands: string;
  /** Accepted events, keyed by account: the source of truth. */
  events: string;
  /** Refused commands with their reason, keyed by account. */
  rejections: string;
}

/** What the rejections topic carries for a refused command. */
export interface Rejection {
  commandId: string;
  account: string;
  reason: string;
}

/**
 * The event-sourced command side as a Kafka Streams topology: commands in, the account's state from
 * a logged key-value store, `decide`, then the events out, the store updated with their fold, and
 * any follow-up (a transfer's credit) written back to the commands topic for the other account's
 * writer. Under exactly_once_v2 one commit holds the events, the store's changelog records, the
 * follow-ups and the consumed offsets: there is no second write to lose.
 *
 * Kafka has no conditional append ("append if the log is still at offset n"), so nothing at the
 * broker stops two writers of one account. There is one writer because the commands topic is keyed
 * by account: one partition, one task, one instance at a time (zombies fenced by the transaction).
 */
export function accountsTopology(topics: AccountTopics, changelog = true): Topology {
  const topology = new Topology();
  topology.addSource('commands', topics.commands);
  topology.addProcessor('command-handler', commandHandler, 'commands');
  const store = Stores.keyValueStoreBuilder(ACCOUNTS_STORE);
  topology.addStateStore(changelog ? store : store.withLoggingDisabled(), 'command-handler');
  topology.addSink('to-events', topics.events, 'command-handler');
  topology.addSink('to-rejections', topics.rejections, 'command-handler');
  topology.addSink('to-commands', topics.commands, 'command-handler');
  return topology;
}

/**
 * Without a changelog, a task that comes up rebuilds its store by folding its partition of the
 * events topic from offset zero (the events are keyed by account as the commands are, so the
 * partition holds exactly its accounts' events): every event ever written instead of one
 * snapshot per account.
 */
export function refoldAccounts(eventsTopic: string): RefoldRestore {
  return {
    store: ACCOUNTS_STORE,
    topic: eventsTopic,
    fold: (current, value) =>
      isAccountEvent(value)
        ? (evolve(current as AccountState | null, value) as unknown as Json)
        : current,
  };
}

function commandHandler(): NodeProcessor {
  let context: InternalProcessorContext;
  let store: KeyValueStore;
  return {
    init(c) {
      context = c;
      store = c.getStateStore<KeyValueStore>(ACCOUNTS_STORE);
    },
    process(record: StreamRecord<unknown>) {
      const command = record.value as AccountCommand;
      if (record.key === null || typeof command !== 'object' || command === null) return;
      const timestampMs = record.timestampMs;
      let state = store.get(record.key) as AccountState | null;
      const decision = decide(state, command);
      if (decision.kind === 'accepted') {
        for (const event of decision.events) {
          state = evolve(state, event);
          context.forward(
            { key: event.account, value: event as unknown as Json, timestampMs },
            'to-events',
          );
        }
        store.put(record.key, state as unknown as Json);
      } else {
        const rejection: Rejection = {
          commandId: command.commandId,
          account: record.key,
          reason: decision.reason,
        };
        context.forward(
          { key: record.key, value: rejection as unknown as Json, timestampMs },
          'to-rejections',
        );
      }
      for (const next of decision.followUps)
        context.forward(
          { key: next.account, value: next as unknown as Json, timestampMs },
          'to-commands',
        );
    },
  };
}
