import type { Json } from '../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../streams/processor-api.ts';
import type { KeyValueStore } from '../streams/stores/key-value-store.ts';
import { Stores } from '../streams/stores/stores.ts';
import { Topology } from '../streams/topology.ts';
import type { StreamRecord } from '../streams/types.ts';
import {
  addressKey,
  type Address,
  type StatefulContext,
  type StatefulFunction,
} from './functions.ts';

/** The internal topic that carries messages to functions, keyed by address (`<application.id>-statefun-messages`). */
export const MESSAGES_TOPIC = 'statefun-messages';
/** The store holding every function instance's state, keyed by address; logged to its changelog. */
export const STATE_STORE = 'statefun-state';

/** A message on its way to a function, as the messages topic carries it. */
interface Envelope {
  to: Address;
  from: string;
  ingress: string | null;
  message: Json;
}

export interface StatefunSpec {
  /** Which function type receives the records of each ingress topic (the record key is the id). */
  ingress: { topic: string; functionType: string }[];
  /** Topics functions may emit to. */
  egress: string[];
  /** The code of each function type. */
  functions: Record<string, StatefulFunction>;
}

/**
 * Stateful functions as a stream-processing topology, as Flink StateFun runs them on Flink: a router
 * turns ingress records into messages keyed by address; a dispatcher, fed by the messages topic,
 * runs the addressed function with its state from a logged key-value store; what the function sends
 * goes back into the messages topic (the feedback loop through the log), what it emits goes to an
 * egress topic. Under exactly_once_v2 a commit holds the state changes (changelog), the messages,
 * the outputs and the consumed offsets in one transaction.
 */
export function statefunTopology(spec: StatefunSpec): Topology {
  const topology = new Topology();
  topology.addInternalTopic(MESSAGES_TOPIC);
  const ingressTopics = spec.ingress.map((i) => i.topic);
  const routes = new Map(spec.ingress.map((i) => [i.topic, i.functionType]));
  topology.addSource('ingress', ...ingressTopics);
  topology.addProcessor('router', () => router(routes), 'ingress');
  topology.addSink('to-messages', MESSAGES_TOPIC, 'router');
  topology.addSource('messages', MESSAGES_TOPIC);
  topology.addProcessor('dispatcher', () => dispatcher(spec.functions), 'messages');
  topology.addStateStore(Stores.keyValueStoreBuilder(STATE_STORE), 'dispatcher');
  topology.addSink('feedback', MESSAGES_TOPIC, 'dispatcher');
  for (const topic of spec.egress) topology.addSink(`egress-${topic}`, topic, 'dispatcher');
  return topology;
}

function router(routes: Map<string, string>): NodeProcessor {
  let context: InternalProcessorContext;
  return {
    init: (c) => void (context = c),
    process(record: StreamRecord<unknown>) {
      const topic = context.recordMetadata()?.topic ?? '';
      const type = routes.get(topic);
      if (type === undefined || record.key === null) return;
      const to = { type, id: record.key };
      const envelope: Envelope = {
        to,
        from: `ingress:${topic}`,
        ingress: topic,
        message: record.value as Json,
      };
      context.forward({
        key: addressKey(to),
        value: envelope as unknown as Json,
        timestampMs: record.timestampMs,
      });
    },
  };
}

function dispatcher(functions: Record<string, StatefulFunction>): NodeProcessor {
  let context: InternalProcessorContext;
  let store: KeyValueStore;
  return {
    init(c) {
      context = c;
      store = c.getStateStore<KeyValueStore>(STATE_STORE);
    },
    process(record: StreamRecord<unknown>) {
      const envelope = record.value as unknown as Envelope;
      const fn = functions[envelope.to.type];
      const self = addressKey(envelope.to);
      if (!fn)
        throw new Error(
          `No stateful function of type "${envelope.to.type}" for a message to ${self}`,
        );
      context.trace({
        type: 'statefun.invoked',
        address: self,
        from: envelope.from,
        message: envelope.message,
      });
      fn(contextFor(envelope, self, record.timestampMs), envelope.message);
    },
  };

  function contextFor(envelope: Envelope, self: string, timestampMs: number): StatefulContext {
    const write = (value: Json) => {
      if (value === null) store.delete(self);
      else store.put(self, value);
      context.trace({ type: 'statefun.stateWritten', address: self, value });
    };
    const caller = envelope.from.startsWith('ingress:') ? null : parseAddress(envelope.from);
    return {
      self: envelope.to,
      caller,
      ingress: envelope.ingress,
      timestampMs,
      state: { get: () => store.get(self), set: write, clear: () => write(null) },
      send(to, message) {
        const next: Envelope = { to, from: self, ingress: null, message };
        context.trace({ type: 'statefun.messageSent', from: self, to: addressKey(to), message });
        context.forward(
          { key: addressKey(to), value: next as unknown as Json, timestampMs },
          'feedback',
        );
      },
      emit(topic, key, value) {
        context.forward({ key, value, timestampMs }, `egress-${topic}`);
      },
    };
  }
}

function parseAddress(key: string): Address {
  const slash = key.indexOf('/');
  return { type: key.slice(0, slash), id: key.slice(slash + 1) };
}
